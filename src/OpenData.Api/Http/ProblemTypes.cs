namespace OpenData.Api.Http;

/// <summary>
/// The <c>type</c> URIs of the API's problem details (RFC 9457): one per kind of error, stable across releases,
/// so a client can branch on <c>type</c> rather than on wording. Shared by REST handlers and the platform's
/// middleware (see Http/Problems.cs); add a kind here rather than inventing one elsewhere.
/// </summary>
public static class ProblemTypes
{
    public const string BaseUri = "https://opendata.example/problems/";

    /// <summary>400: a query parameter the route does not document (never silently ignored).</summary>
    public const string UnknownParameter = BaseUri + "unknown-parameter";

    /// <summary>400: a documented parameter with a value that cannot be used.</summary>
    public const string InvalidParameter = BaseUri + "invalid-parameter";

    /// <summary>400: a paging cursor that is garbage, was modified, or belongs to another listing.</summary>
    public const string InvalidCursor = BaseUri + "invalid-cursor";

    /// <summary>400: a filter with more terms (conditions, in/nin values) than Query:MaxFilterTerms allows.</summary>
    public const string FilterTooComplex = BaseUri + "filter-too-complex";

    /// <summary>400: a request the framework rejected before any handler ran.</summary>
    public const string BadRequest = BaseUri + "bad-request";

    /// <summary>404: no such record, or no such route.</summary>
    public const string NotFound = BaseUri + "not-found";

    /// <summary>405: the API is read-only; only GET and HEAD are answered.</summary>
    public const string MethodNotAllowed = BaseUri + "method-not-allowed";

    /// <summary>406: the route cannot produce any media type the Accept header allows.</summary>
    public const string NotAcceptable = BaseUri + "not-acceptable";

    /// <summary>413: a request body larger than accepted.</summary>
    public const string PayloadTooLarge = BaseUri + "payload-too-large";

    /// <summary>414: a request URI longer than accepted.</summary>
    public const string UriTooLong = BaseUri + "uri-too-long";

    /// <summary>415: a request body in a media type the route does not read.</summary>
    public const string UnsupportedMediaType = BaseUri + "unsupported-media-type";

    /// <summary>429: too many requests from this client; see Retry-After.</summary>
    public const string RateLimited = BaseUri + "rate-limited";

    /// <summary>503: too many heavy requests (aggregates, maps, series, exports) are running and waiting; see Retry-After.</summary>
    public const string ServerBusy = BaseUri + "server-busy";

    /// <summary>503: a heavy request ran past its time limit and was stopped; see Retry-After.</summary>
    public const string TimedOut = BaseUri + "timed-out";

    /// <summary>500: a fault of the server.</summary>
    public const string InternalError = BaseUri + "internal-error";

    /// <summary>503: the store opens but holds no data release yet (the import has not run).</summary>
    public const string NoDataRelease = BaseUri + "no-data-release";

    /// <summary>503: the store cannot be opened.</summary>
    public const string StoreUnavailable = BaseUri + "store-unavailable";

    /// <summary>503: the store was built from another datapackage.json than the one this build describes.</summary>
    public const string PackageMismatch = BaseUri + "package-mismatch";
}
