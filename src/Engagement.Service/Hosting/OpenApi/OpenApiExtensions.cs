using Engagement.Service.Hosting.OpenApi;
using Microsoft.OpenApi;

namespace Engagement.Service.Hosting;

public static class OpenApiExtensions
{
    /// <summary>
    /// The OpenAPI document at <c>/openapi/v1.json</c>: exact schemas and parameters, every
    /// response, the two ways to send a key, examples. A test lints it with Redocly and drives the
    /// service through clients generated from it.
    /// </summary>
    public static IHostApplicationBuilder AddOpenApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            options.AddSchemaTransformer(SchemaRules.ApplyAsync);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Engagement API",
                    Version = "v1",
                    Description = "Social media engagement analytics: brands, accounts and peer sets; CSV imports; reports scoring Impact, "
                        + "Engagement and Responsiveness 0-100 against a benchmark set (scoring-v1). Every /api/v1 route needs an API key "
                        + "(Authorization: Bearer KEY or X-Api-Key: KEY); read keys may GET, admin keys may also write. Errors are RFC 9457 "
                        + "problem details with a stable type per kind. Lists are paged by cursor; reports carry an ETag and their data version.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[OpenApiExamples.BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key as a bearer token: Authorization: Bearer eng_...",
                };
                document.Components.SecuritySchemes[OpenApiExamples.HeaderScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Api-Key",
                    Description = "An API key in the X-Api-Key header.",
                };
                OpenApiComponentsSetup.Apply(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                OpenApiParameters.Apply(operation);
                OpenApiExamples.Apply(operation, context);
                ResponseRules.Apply(operation, context);
                return Task.CompletedTask;
            });
        });
        return builder;
    }
}
