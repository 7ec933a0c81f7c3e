using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using OpenData.Api.Http;
using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary>A 200 whose JSON body is written straight to the response by a <see cref="Utf8JsonWriter"/> (or, by
/// the response cache, rendered into a buffer to keep).</summary>
public sealed class JsonBodyResult(string mediaType, Action<Utf8JsonWriter> write) : IResult
{
    public string ContentType { get; } = ContentTypeOf(mediaType);

    /// <summary>The Content-Type a JSON body of this media type is sent with.</summary>
    public static string ContentTypeOf(string mediaType) => mediaType + "; charset=utf-8";

    public void Render(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, RestOutput.WriterOptions);
        write(writer);
        writer.Flush();
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, RestOutput.WriterOptions);
        write(writer);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

/// <summary>
/// A 200 streamed in pieces (CSV, GeoJSON exports): the body is produced batch by batch and flushed after each,
/// so an export of any size holds one batch in memory. A HEAD request gets the headers without the body being produced.
/// </summary>
public sealed class StreamedBodyResult(string contentType, string? downloadName, Func<HttpContext, Stream, CancellationToken, Task> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        if (downloadName is not null)
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(downloadName);
            response.Headers.ContentDisposition = disposition.ToString();
        }
        if (Http.ContentNegotiation.IsHeadRequest(httpContext))
        {
            // HEAD: every header (ETag from the request and release, Content-Type, Content-Encoding) is known
            // without the body, so the export query is not run just to discard its rows. Starting the response
            // sends the same headers a GET would.
            await response.StartAsync(httpContext.RequestAborted);
            return;
        }
        await write(httpContext, response.Body, httpContext.RequestAborted);
    }
}

/// <summary>
/// JSON bodies that can be large (a borough's whole series with its revisions is 11 MB, a map of every ward's
/// polygon grows with the wards): above <see cref="StreamAboveBytes"/> (estimated by the handler from what it
/// computed) they are written to the response in chunks of about <see cref="ChunkBytes"/>, so a request holds one
/// chunk of its body, not the whole body again beside the data it came from. Smaller ones stay a
/// <see cref="JsonBodyResult"/>, which the response cache may keep; a streamed one it never does.
/// </summary>
public static class StreamedJson
{
    /// <summary>Estimated body size above which the body is streamed: the response cache's default per-entry limit
    /// (1,024 kB), so a body the cache could keep is rendered whole and kept. London's ward map (about 0.85 MB) was
    /// streamed at 256 kB, so every request drew it again (88 requests a second, 21 ms of CPU each).</summary>
    public const long StreamAboveBytes = 1024 * 1024;

    /// <summary>Bytes the writer may hold before they are sent.</summary>
    public const int ChunkBytes = 32 * 1024;

    /// <summary>
    /// A body written by <paramref name="write"/>, which calls the flush it is given between items (a feature, a
    /// row): streamed when <paramref name="estimatedBytes"/> is large, else rendered whole. The producer must
    /// await nothing but that flush (it runs synchronously when rendered whole).
    /// </summary>
    public static IResult Write(string mediaType, long estimatedBytes, Func<Utf8JsonWriter, Func<ValueTask>, ValueTask> write)
    {
        if (estimatedBytes <= StreamAboveBytes)
        {
            return new JsonBodyResult(mediaType, writer =>
            {
                var done = write(writer, () => ValueTask.CompletedTask);
                if (!done.IsCompleted) throw new InvalidOperationException("A JSON body producer awaited something other than its flush.");
                done.GetAwaiter().GetResult();
            });
        }
        return new StreamedBodyResult(JsonBodyResult.ContentTypeOf(mediaType), null, async (http, body, ct) =>
        {
            await using var writer = new Utf8JsonWriter(body, RestOutput.WriterOptions);
            await write(writer, () => writer.BytesPending >= ChunkBytes ? new ValueTask(writer.FlushAsync(ct)) : ValueTask.CompletedTask);
            await writer.FlushAsync(ct);
        });
    }

    /// <summary>A document serialized with <see cref="RestOutput.SerializerOptions"/>: streamed by the serializer
    /// (which sends its buffer whenever it fills) when <paramref name="estimatedBytes"/> is large, else rendered whole.</summary>
    public static IResult Serialize<T>(string mediaType, long estimatedBytes, T document) =>
        estimatedBytes <= StreamAboveBytes
            ? new JsonBodyResult(mediaType, writer => JsonSerializer.Serialize(writer, document, RestOutput.SerializerOptions))
            : new StreamedBodyResult(JsonBodyResult.ContentTypeOf(mediaType), null,
                (http, body, ct) => JsonSerializer.SerializeAsync(body, document, RestOutput.SerializerOptions, ct));
}

/// <summary>The problems REST handlers answer with (RFC 9457; types in <see cref="ProblemTypes"/>).</summary>
public static class RestProblems
{
    /// <summary>
    /// A 400 naming every query parameter outside <paramref name="allowed"/> (with the closest allowed one), for a
    /// route that takes few or none (<paramref name="takes"/>: "the feed takes no parameters"); null when all are known.
    /// </summary>
    public static ProblemHttpResult? UnknownParameters(HttpRequest request, string takes, params string[] allowed)
    {
        var unknown = request.Query.Keys.Where(k => !allowed.Contains(k))
            .Select(k => new QueryError(QueryErrorKind.UnknownParameter, k, QueryStringGrammar.UnknownParameterMessage(k, allowed, takes))).ToList();
        return unknown.Count > 0 ? FromErrors(unknown) : null;
    }

    public static ProblemHttpResult FromErrors(IReadOnlyList<QueryError> errors)
    {
        errors = errors.Select(InRestTerms).ToList();
        var kind = errors.Count > 0 ? errors[0].Kind : QueryErrorKind.InvalidParameter;
        var type = kind switch
        {
            QueryErrorKind.UnknownParameter => ProblemTypes.UnknownParameter,
            QueryErrorKind.InvalidCursor => ProblemTypes.InvalidCursor,
            QueryErrorKind.FilterTooComplex => ProblemTypes.FilterTooComplex,
            _ => ProblemTypes.InvalidParameter,
        };
        var title = kind switch
        {
            QueryErrorKind.UnknownParameter => "Unknown query parameter",
            QueryErrorKind.InvalidCursor => "Invalid cursor",
            QueryErrorKind.FilterTooComplex => "Filter too complex",
            _ => "Invalid query parameter",
        };
        var byParameter = ByParameter(errors);
        var detail = errors.Count == 1
            ? $"{Http.Problems.Quote(ParameterOf(errors[0].Subject))}: {Http.Problems.Quote(errors[0].Message)}"
            : "The query has errors; see errors.";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title, type: type,
            extensions: new Dictionary<string, object?> { ["errors"] = byParameter });
    }

    /// <summary>The <c>errors</c> member of a problem: each message under the parameter it is about.</summary>
    public static Dictionary<string, string[]> ByParameter(IEnumerable<QueryError> errors) =>
        errors.Select(InRestTerms).GroupBy(e => ParameterOf(e.Subject), StringComparer.Ordinal)
            .ToDictionary(g => Http.Problems.Quote(g.Key), g => g.Select(e => Http.Problems.Quote(e.Message)).ToArray());

    /// <summary>
    /// The query parameter that gives what an error is about: the one the client wrote when the grammar recorded it
    /// (a filter's <c>field__op</c>, a route's own parameter), else REST's name for the input.
    /// </summary>
    public static string ParameterOf(QuerySubject subject) => subject.Origin ?? subject.Input switch
    {
        QueryInput.Filter => subject.Field ?? "filter",
        QueryInput.WholeFilter => "filter",
        QueryInput.Sort => "sort",
        QueryInput.Fields => "fields",
        QueryInput.PageSize or QueryInput.PageSizeFromEnd => "limit",
        QueryInput.Cursor or QueryInput.CursorBefore => "cursor",
        QueryInput.OffenceCategory => "category",
        QueryInput.PoliceUkCategory => "police_uk",
        QueryInput.RangeStart => "from",
        QueryInput.RangeEnd => "to",
        QueryInput.Latitude => "lat",
        QueryInput.Longitude => "lon",
        QueryInput.BoundarySet => "boundary_set",
        QueryInput.Grouping => "group_by",
        QueryInput.PeriodLength => "period",
        QueryInput.Areas => "area_code",
        QueryInput.RowOrder => "sort",
        _ => subject.Field ?? "query",
    };

    /// <summary>An error in REST's words where the query layer leaves the wording to the front door: a filter over
    /// its limits (the parameter at fault: a list is one <c>field__in</c> parameter; the whole filter is all the
    /// filter parameters together; and the numbers), two parameters that may not be given together.</summary>
    private static QueryError InRestTerms(QueryError error)
    {
        if (error.ConflictsWith is { } other)
        {
            return error with { Message = $"Give {ParameterOf(other)} or {ParameterOf(error.Subject)}, not both." };
        }
        if (error.Complexity is not { } c) return error;
        return c.Part switch
        {
            FilterPart.List => error with
            {
                Subject = new QuerySubject(QueryInput.Filter, Origin: c.Origin),
                Message = $"{c.Origin} lists {c.Count} values; a filter may have at most {c.Maximum} terms (each value of an __in or __nin list is one). Split the request.",
            },
            _ => error with
            {
                Subject = new QuerySubject(QueryInput.WholeFilter),
                Message = $"The filter parameters have {c.Count} terms together; a filter may have at most {c.Maximum} (each filter parameter is one, and each value of an __in or __nin list one). Split the request.",
            },
        };
    }

    public static ProblemHttpResult FromException(QueryException exception) => FromErrors(exception.Errors);

    public static ProblemHttpResult Invalid(string parameter, string message) =>
        FromErrors([new QueryError(QueryErrorKind.InvalidParameter, parameter, message)]);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.NotFound);

    public static ProblemHttpResult NotAcceptable(IEnumerable<string> produced)
    {
        var list = produced.ToArray();
        return TypedResults.Problem(
            $"This resource is available as {string.Join(", ", list)} only (or choose with format=).",
            statusCode: StatusCodes.Status406NotAcceptable, title: "Not acceptable", type: ProblemTypes.NotAcceptable,
            extensions: new Dictionary<string, object?> { ["acceptable"] = list });
    }

    public static ProblemHttpResult NoDataRelease() =>
        TypedResults.Problem("No data release has been imported into the store yet: run opendata-import.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "No data", type: ProblemTypes.NoDataRelease);
}
