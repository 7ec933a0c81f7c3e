using OpenData.Api.Rest;
using OpenData.Query;

namespace OpenData.Api.Site;

/// <summary>
/// The site's URLs, and the site page of an API link. Every REST link a row carries (links.*, locator_url) has a
/// page here, so pages turn the API's links into theirs instead of building URLs of their own:
/// <list type="bullet">
/// <item><c>/api/v1/sources/{id}/document#{anchor}</c> → <c>/sources/{id}#{anchor}</c> (the document, at the locator)</item>
/// <item><c>/api/v1/{dataset}/{key}</c> → <c>/datasets/{dataset}/{key}</c> (the row page)</item>
/// <item><c>/api/v1/{dataset}?{query}</c> → <c>/datasets/{dataset}?{query}</c> (the dataset page, same query)</item>
/// </list>
/// Anything else (a series, a boundary, a change list) stays an API link.
/// </summary>
public static class SiteLinks
{
    public static string Dataset(HttpContext context, IDataset dataset) => SitePage.Url(context, "/datasets/" + dataset.Name);

    public static string Row(HttpContext context, IDataset dataset, string key) =>
        SitePage.Url(context, "/datasets/" + dataset.Name + "/" + Uri.EscapeDataString(key));

    /// <summary>The profile of a ward or borough (its GSS code).</summary>
    public static string Area(HttpContext context, string code) => SitePage.Url(context, "/areas/" + Uri.EscapeDataString(code));

    /// <summary>A source document, at an anchor of it when given.</summary>
    public static string Source(HttpContext context, string sourceId, string? anchor = null) =>
        SitePage.Url(context, "/sources/" + Uri.EscapeDataString(sourceId)) + (string.IsNullOrEmpty(anchor) ? "" : "#" + anchor);

    /// <summary>The site page of an API link (see the class summary), or null when the site has none.</summary>
    public static string? FromApi(HttpContext context, string? apiLink)
    {
        if (string.IsNullOrEmpty(apiLink)) return null;
        var prefix = context.Request.PathBase.Value + RestApi.Prefix + "/";
        if (!apiLink.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = apiLink[prefix.Length..];
        var fragment = "";
        var hash = rest.IndexOf('#');
        if (hash >= 0) (rest, fragment) = (rest[..hash], rest[hash..]);
        var query = "";
        var mark = rest.IndexOf('?');
        if (mark >= 0) (rest, query) = (rest[..mark], rest[mark..]);
        var segments = rest.Split('/');
        if (segments is ["sources", var id, "document"]) return SitePage.Url(context, "/sources/" + id) + fragment;
        var dataset = DatasetCatalog.All.FirstOrDefault(d => d.Name == segments[0]);
        if (dataset is null || segments.Length > 2) return null;
        return segments.Length == 1
            ? SitePage.Url(context, "/datasets/" + dataset.Name) + query
            : SitePage.Url(context, "/datasets/" + dataset.Name + "/" + segments[1]) + query;
    }
}
