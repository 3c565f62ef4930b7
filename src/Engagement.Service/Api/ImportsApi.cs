using Engagement.Data.Store.Repositories;
using Engagement.Data.Store.Import;
using Engagement.Service.Hosting;
using Engagement.Service.Hosting.Authentication;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Engagement.Service.Api;

/// <summary><c>POST /api/v1/imports</c>: canonical CSV files uploaded and imported as the CLI's import does.</summary>
public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder api)
    {
        api.MapPost("/imports", ImportAsync)
            .WithTags("Imports")
            .WithName("Import").WithSummary("Import canonical CSV files")
            .WithDescription("multipart/form-data with any of brands.csv, accounts.csv, posts.csv and followers.csv (by field name or file name). "
                + "Each file is imported in one transaction; importing the same data again changes nothing. The answer counts stored, updated, "
                + "unchanged and rejected rows per file and lists the rejected rows' errors (up to Imports:MaxListedErrors, then how many more). 413 over Imports:MaxBytes. "
                + "The workspace tracks every brand of brands.csv; accounts.csv may name only the workspace's brands. A brand other workspaces track too keeps "
                + "its name and industry and gets no new account (the row is rejected) unless an admin key imports. Editor key.")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireRole(ApiKeyRole.Editor);
        return api;
    }

    private static async Task<Ok<ImportResponse>> ImportAsync(
        HttpContext http, DatasetImporter importer, IOptions<ImportOptions> options, Caller caller, CancellationToken ct)
    {
        var limit = options.Value.MaxBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // Kestrel's own limit (30 MB by default) gives way to the configured one on this route only.
            bodySize.MaxRequestBodySize = limit;
        }

        var folder = Directory.CreateTempSubdirectory("engagement-import-").FullName;
        try
        {
            await MultipartUpload.SaveAsync(http.Request, folder, limit, ct);
            var report = await importer.ImportAsync([folder], progress: null, ct, caller.Workspace, changesShared: caller.IsAdmin);
            return TypedResults.Ok(new ImportResponse(
                report.Stored,
                report.Updated,
                report.Files.Sum(f => f.Unchanged),
                report.Rejected,
                report.Files.Select(Response).ToList()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ImportFileResponse Response(FileImportResult file) => new(
        Path.GetFileName(file.Path),
        file.Kind.ToString().ToLowerInvariant(),
        file.Stored,
        file.Updated,
        file.Unchanged,
        file.Repeated,
        file.Rejected,
        file.FileRejection,
        file.Errors.Select(e => new RejectedRow(e.File, e.Line, e.Column, e.Reason)).ToList(),
        file.ErrorsNotListed);
}
