using Microsoft.Net.Http.Headers;
using OpenData.Api.Http;

namespace OpenData.Api.Rest;

/// <summary>What a REST route can write.</summary>
public enum OutputFormat
{
    Json,
    Csv,
    GeoJson,
}

/// <summary>
/// Content negotiation for REST routes: <c>format=</c> wins over <c>Accept</c> (a link that works when pasted in a
/// browser or a spreadsheet's "import from web"); otherwise the first acceptable format in the client's order of
/// preference; no Accept, or <c>*/*</c>, gets the route's first format. Nothing acceptable: 406.
/// </summary>
public static class OutputFormats
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string GeoJson = "application/geo+json";

    public static string MediaType(OutputFormat format) => format switch
    {
        OutputFormat.Csv => Csv,
        OutputFormat.GeoJson => GeoJson,
        _ => Json,
    };

    public static string Name(OutputFormat format) => format switch
    {
        OutputFormat.Csv => "csv",
        OutputFormat.GeoJson => "geojson",
        _ => "json",
    };

    /// <summary>
    /// The format to write, or an error: <c>Invalid</c> (a bad <c>format=</c> value, a 400) or
    /// <c>NotAcceptable</c> (a 406). <paramref name="jsonAlias"/>: <c>Accept: application/json</c> may be served
    /// by the first format (GeoJSON routes: GeoJSON is JSON).
    /// </summary>
    public static Negotiated Negotiate(HttpRequest request, IReadOnlyList<OutputFormat> formats, bool jsonAlias = false)
    {
        var negotiated = Choose(request, formats, jsonAlias);
        // Left on the request for the response cache, which keys a body on the media type it was served as and so
        // must negotiate a later request the way this route does (see RestResponseCache).
        request.HttpContext.Features.Set(new NegotiatedFormat(new NegotiationRule(formats, jsonAlias), negotiated));
        return negotiated;
    }

    /// <summary>Negotiation without leaving a <see cref="NegotiatedFormat"/> (for the rate limiter's look at a request).</summary>
    internal static Negotiated Choose(HttpRequest request, IReadOnlyList<OutputFormat> formats, bool jsonAlias)
    {
        var formatParameter = request.Query["format"];
        if (formatParameter.Count > 1) return Negotiated.Invalid("format is given more than once.");
        if (formatParameter.Count == 1)
        {
            var asked = formatParameter[0];
            foreach (var format in formats)
            {
                if (string.Equals(Name(format), asked, StringComparison.Ordinal)) return new Negotiated(format, MediaType(format), null, false);
            }
            if (jsonAlias && asked == "json") return new Negotiated(formats[0], Json, null, false);
            return Negotiated.Invalid($"format must be one of {string.Join(", ", formats.Select(Name))} here.");
        }

        var accept = request.Headers.Accept;
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString())) return new Negotiated(formats[0], MediaType(formats[0]), null, false);
        // An Accept header we cannot parse is treated as absent (RFC 9110 12.5.1 allows it).
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return new Negotiated(formats[0], MediaType(formats[0]), null, false);
        }
        // Highest quality first; equal qualities keep the client's order (OrderBy is stable).
        foreach (var range in ranges.Where(r => (r.Quality ?? 1) > 0).OrderByDescending(r => r.Quality ?? 1))
        {
            // Asked for plain JSON by name: label it so, even though application/geo+json would also match
            // (a +json suffix type is a subset of application/json).
            if (jsonAlias && range.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase) && ContentNegotiation.Covers(range, Json)) return new Negotiated(formats[0], Json, null, false);
            foreach (var format in formats)
            {
                if (ContentNegotiation.Covers(range, MediaType(format))) return new Negotiated(format, MediaType(format), null, false);
            }
            if (jsonAlias && ContentNegotiation.Covers(range, Json)) return new Negotiated(formats[0], Json, null, false);
        }
        return new Negotiated(formats[0], MediaType(formats[0]), null, true);
    }
}

/// <summary>The outcome of negotiation: a format and the media type to label it with, or why not.</summary>
public sealed record Negotiated(OutputFormat Format, string MediaType, string? InvalidReason, bool NotAcceptable)
{
    public static Negotiated Invalid(string reason) => new(OutputFormat.Json, OutputFormats.Json, reason, false);
    public bool Ok => InvalidReason is null && !NotAcceptable;
}

/// <summary>How a route negotiates: its formats in order of preference, and whether <c>application/json</c> may
/// name its first format (see <see cref="OutputFormats.Negotiate"/>).</summary>
public sealed record NegotiationRule(IReadOnlyList<OutputFormat> Formats, bool JsonAlias)
{
    public bool Equals(NegotiationRule? other) =>
        other is not null && JsonAlias == other.JsonAlias && Formats.SequenceEqual(other.Formats);

    public override int GetHashCode() => HashCode.Combine(JsonAlias, Formats.Count, Formats.Count > 0 ? Formats[0] : default);
}

/// <summary>The request feature <see cref="OutputFormats.Negotiate"/> leaves: the rule it applied and its outcome.</summary>
public sealed record NegotiatedFormat(NegotiationRule Rule, Negotiated Result);
