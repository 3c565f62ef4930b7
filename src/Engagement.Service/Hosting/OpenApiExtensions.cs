using Microsoft.OpenApi;

namespace Engagement.Service.Hosting;

public static class OpenApiExtensions
{
    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: descriptions, the two ways to send a key, examples.</summary>
    public static IHostApplicationBuilder AddOpenApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Engagement API",
                    Version = "v1",
                    Description = "Social media engagement analytics: brands, accounts and peer sets; CSV imports; reports scoring Impact, "
                        + "Engagement and Responsiveness 0-100 against a benchmark set (scoring-v1). Every /api/v1 route needs an API key "
                        + "(Authorization: Bearer KEY or X-Api-Key: KEY); read keys may GET, admin keys may also write. Errors are RFC 7807 problem details.",
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
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                OpenApiExamples.Apply(operation, context);
                return Task.CompletedTask;
            });
        });
        return builder;
    }
}
