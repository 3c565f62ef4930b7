using Engagement.Domain.Model;

namespace Engagement.Service.Hosting;

/// <summary>
/// The stable <c>type</c> of each kind of problem (docs/api.md lists them): a client branches on
/// it, never on the wording of <c>detail</c>. The URIs identify; they are not fetched.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://engagement.dev/problems/";

    public const string InvalidParameter = Base + "invalid-parameter";
    public const string InvalidBody = Base + "invalid-body";
    public const string InvalidRequest = Base + "invalid-request";
    public const string BrandNotInBenchmark = Base + "brand-not-in-benchmark";
    public const string EmptyWindow = Base + "empty-window";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string Forbidden = Base + "forbidden";
    public const string UnknownBrand = Base + "unknown-brand";
    public const string UnknownPeerSet = Base + "unknown-peer-set";
    public const string UnknownIndustry = Base + "unknown-industry";
    public const string UnknownAccount = Base + "unknown-account";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string NotAcceptable = Base + "not-acceptable";
    public const string DataVersionMoved = Base + "data-version-moved";
    public const string Conflict = Base + "conflict";
    public const string CursorExpired = Base + "cursor-expired";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string RateLimited = Base + "rate-limited";
    public const string Internal = Base + "internal-error";
    public const string Unavailable = Base + "unavailable";
    public const string PdfUnavailable = Base + "pdf-unavailable";

    /// <summary>The type of a domain error, from the error itself (the engine throws plain domain exceptions).</summary>
    public static string Of(DomainException error) => error switch
    {
        NotFoundException e when e.Message.StartsWith("unknown brand", StringComparison.Ordinal) => UnknownBrand,
        NotFoundException e when e.Message.StartsWith("unknown peer set", StringComparison.Ordinal) => UnknownPeerSet,
        NotFoundException e when e.Message.StartsWith("unknown industry", StringComparison.Ordinal) => UnknownIndustry,
        NotFoundException e when e.Message.Contains("has no account on", StringComparison.Ordinal) => UnknownAccount,
        NotFoundException => NotFound,
        _ when error.Message.Contains("no post to default the window", StringComparison.Ordinal) => EmptyWindow,
        _ => InvalidRequest,
    };

    /// <summary>The type of a bare status code (routing, authentication, the status code pages).</summary>
    public static string? OfStatus(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidRequest,
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status406NotAcceptable => NotAcceptable,
        StatusCodes.Status409Conflict => DataVersionMoved,
        StatusCodes.Status410Gone => CursorExpired,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status500InternalServerError => Internal,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        _ => null,
    };
}
