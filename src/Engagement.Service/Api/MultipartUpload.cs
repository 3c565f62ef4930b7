using Engagement.Data.Store.Import;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Engagement.Service.Api;

/// <summary>
/// Streams the CSV parts of a multipart upload into a folder under their canonical names
/// (brands.csv, accounts.csv, posts.csv, followers.csv), counting bytes against a limit.
/// A part is recognised by its form field name (brands or brands.csv) or its file name.
/// </summary>
public static class MultipartUpload
{
    private static readonly string[] Canonical = ["brands", "accounts", "posts", "followers"];

    public static async Task<IReadOnlyList<DatasetFileKind>> SaveAsync(HttpRequest request, string folder, long limit, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new ApiParameterException("body", "send multipart/form-data with any of brands.csv, accounts.csv, posts.csv, followers.csv");
        }

        if (request.ContentLength > limit)
        {
            throw new PayloadTooLargeException(limit);
        }

        var saved = new List<DatasetFileKind>();
        var reader = new MultipartReader(boundary, request.Body);
        long remaining = limit;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var index = IndexOf(field) ?? IndexOf(Path.GetFileName(fileName ?? ""))
                    ?? throw new ApiParameterException(field, $"'{fileName ?? field}' is not one of brands.csv, accounts.csv, posts.csv, followers.csv");
                var kind = (DatasetFileKind)index;
                if (saved.Contains(kind))
                {
                    throw new ApiParameterException(field, $"{Canonical[index]}.csv is given twice");
                }

                await using var file = File.Create(Path.Combine(folder, $"{Canonical[index]}.csv"));
                remaining -= await CopyAsync(section.Body, file, remaining, limit, ct);
                saved.Add(kind);
            }
        }
        catch (InvalidDataException)
        {
            // The multipart reader's own limits (header sizes, section count) only trip on oversized input.
            throw new PayloadTooLargeException(limit);
        }

        return saved.Count > 0
            ? saved
            : throw new ApiParameterException("body", "no file given: upload any of brands.csv, accounts.csv, posts.csv, followers.csv");
    }

    private static async Task<long> CopyAsync(Stream source, Stream target, long remaining, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            copied += read;
            if (copied > remaining)
            {
                throw new PayloadTooLargeException(limit);
            }

            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return copied;
    }

    private static int? IndexOf(string name)
    {
        var stem = name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        var index = Array.FindIndex(Canonical, c => string.Equals(c, stem, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index;
    }
}
