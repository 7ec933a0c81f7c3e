using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace OpenData.Api.Rest;

/// <summary>
/// Builds the API's links as absolute-path references (<c>/api/v1/areas/E05009388</c>): no host, so they stay
/// right behind any proxy or CDN; the request's PathBase is kept when the API is mounted below a prefix.
/// </summary>
public sealed class RestLinks(PathString pathBase)
{
    public static RestLinks For(HttpContext context) => new(context.Request.PathBase);

    /// <summary>A path below /api/v1, e.g. <c>Path("areas", code)</c>; segments are escaped.</summary>
    public string Path(params string[] segments) =>
        pathBase.Value + RestApi.Prefix + "/" + string.Join("/", segments.Select(Uri.EscapeDataString));

    /// <summary>The item route of a dataset.</summary>
    public string Item(string dataset, string key) => Path(dataset, key);

    /// <summary>A collection filtered by the given parameters.</summary>
    public string Collection(string dataset, params (string Name, string Value)[] query) =>
        WithQuery(Path(dataset), query.Select(q => new KeyValuePair<string, StringValues>(q.Name, q.Value)));

    public static string WithQuery(string path, IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var result = path;
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                result = QueryHelpers.AddQueryString(result, name, value ?? "");
            }
        }
        return result;
    }

    /// <summary>The request's own path and query, with <paramref name="replace"/> parameters replaced (null
    /// removes), for self and next links.</summary>
    public static string Self(HttpRequest request, params (string Name, string? Value)[] replace)
    {
        var names = replace.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var kept = request.Query.Where(q => !names.Contains(q.Key)).ToList();
        foreach (var (name, value) in replace)
        {
            if (value is not null) kept.Add(new KeyValuePair<string, StringValues>(name, value));
        }
        return WithQuery((request.PathBase + request.Path).ToString(), kept);
    }
}
