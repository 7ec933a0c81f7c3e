using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace OpenData.Api.Http;

/// <summary>
/// The HTTP method and media-type rules every route shares: HEAD answered wherever GET is, 406 when a route
/// that opted in cannot produce anything the client accepts, 415 when a body is sent in a media type the route
/// does not read. REST routes negotiate their own formats (json/csv/geojson, <c>format=</c>) and answer 406
/// themselves; <see cref="RequireAcceptable{TBuilder}"/> is for routes with one fixed format.
/// </summary>
public static class ContentNegotiation
{
    /// <summary>
    /// HEAD is GET without the body (RFC 9110 9.3.2), so it is routed as GET and the body is discarded: every GET
    /// route answers HEAD with the same headers (ETag, Content-Type, rate-limit) without mapping it twice.
    /// Must run before routing.
    /// </summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var response = ((HttpContext)state).Response;
            if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                response.Headers.Allow = WithHead(response.Headers.Allow.ToString());
            }
            return Task.CompletedTask;
        }, context);

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Items[HeadRequestKey] = true;
        context.Request.Method = HttpMethods.Get;
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
            context.Request.Method = HttpMethods.Head;
        }
    });

    private static readonly object HeadRequestKey = new();

    /// <summary>
    /// True when this request arrived as HEAD (and is being served as GET by <see cref="UseHeadAsGet"/>): a handler
    /// whose headers do not depend on the body (streamed exports) may then skip producing it.
    /// </summary>
    public static bool IsHeadRequest(HttpContext context) => context.Items.ContainsKey(HeadRequestKey);

    /// <summary>An Allow list with HEAD added wherever GET is allowed (see <see cref="UseHeadAsGet"/>).</summary>
    internal static string WithHead(string allow)
    {
        var methods = allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return methods.Contains(HttpMethods.Get) && !methods.Contains(HttpMethods.Head)
            ? string.Join(", ", methods.Append(HttpMethods.Head))
            : allow;
    }

    /// <summary>Answers 406 when nothing this endpoint produces for 200 is acceptable to the client.</summary>
    public static TBuilder RequireAcceptable<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AcceptCheckMetadata.Instance);

    /// <summary>The 406 and 415 checks. Must run after routing (they read endpoint metadata).</summary>
    public static IApplicationBuilder UseMediaTypeChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            await next(context);
            return;
        }

        if (HasBody(context.Request) && endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts
            && !IsReadable(context.Request.ContentType, accepts.ContentTypes))
        {
            context.Response.Headers["Accept-Post"] = string.Join(", ", accepts.ContentTypes);
            await Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                detail: $"This endpoint reads {string.Join(" or ", accepts.ContentTypes)} request bodies.");
            return;
        }

        if (endpoint.Metadata.GetMetadata<AcceptCheckMetadata>() is not null)
        {
            var produced = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
                .Where(p => p.StatusCode == StatusCodes.Status200OK)
                .SelectMany(p => p.ContentTypes)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
            if (produced.Length > 0 && !IsAcceptable(context.Request.Headers.Accept, produced))
            {
                await Problems.WriteAsync(context, StatusCodes.Status406NotAcceptable,
                    detail: $"This resource is available as {string.Join(", ", produced)} only.",
                    extensions: new Dictionary<string, object?> { ["acceptable"] = produced });
                return;
            }
        }

        await next(context);
    });

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    private static bool IsReadable(string? contentType, IReadOnlyList<string> accepted)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var sent)) return false;
        foreach (var type in accepted)
        {
            if (MediaTypeHeaderValue.TryParse(type, out var candidate) && sent.IsSubsetOf(candidate)) return true;
        }
        return false;
    }

    /// <summary>True when Accept is absent or one of its ranges with q &gt; 0 covers a produced type.</summary>
    internal static bool IsAcceptable(Microsoft.Extensions.Primitives.StringValues accept, IReadOnlyList<string> produced)
    {
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString())) return true;
        // An Accept header we cannot parse is treated as absent rather than refused (RFC 9110 12.5.1 lets us).
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0) return true;
        foreach (var range in ranges)
        {
            if (range.Quality is <= 0) continue;
            foreach (var type in produced)
            {
                if (Covers(range, type)) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when the Accept range covers the produced media type. Parameters other than <c>charset</c> are ignored
    /// for matching (RFC 9110 12.5.1 leaves their meaning to the media type; <c>text/csv;header=present</c> and
    /// friends describe what we send anyway, and refusing them only breaks clients). Everything is written as
    /// UTF-8, so <c>charset=utf-8</c> (or <c>*</c>) matches and any other charset does not: a range that asks
    /// only for ISO-8859-1 gets a 406 rather than bytes it would mis-decode.
    /// </summary>
    internal static bool Covers(MediaTypeHeaderValue range, string produced)
    {
        if (range.Charset.HasValue && !IsUtf8(range.Charset.Value)) return false;
        if (!MediaTypeHeaderValue.TryParse(produced, out var candidate)) return false;
        return new MediaTypeHeaderValue(candidate.MediaType).IsSubsetOf(new MediaTypeHeaderValue(range.MediaType));
    }

    private static bool IsUtf8(string? charset) =>
        charset is not null && (charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase) || charset == "*");
}

/// <summary>Marks endpoints whose Accept header is checked by <see cref="ContentNegotiation.UseMediaTypeChecks"/>.</summary>
public sealed class AcceptCheckMetadata
{
    public static readonly AcceptCheckMetadata Instance = new();

    private AcceptCheckMetadata()
    {
    }
}
