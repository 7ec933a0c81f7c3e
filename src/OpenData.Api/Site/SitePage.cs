using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace OpenData.Api.Site;

/// <summary>
/// The frame every site page shares (head, skip link, navigation, footer) and the few HTML helpers pages use.
/// Pages are plain strings built server-side: every text goes through <see cref="H"/>, every attribute value too.
/// No inline script or style anywhere (the site's CSP forbids both): behaviour comes from /site/*.js, looks from
/// /site/site.css.
/// </summary>
public static class SitePage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text or an attribute value, escaped.</summary>
    public static string H(string? text) => text is null ? "" : Encoder.Encode(text);

    /// <summary>A number as people read it: thousands separated, invariant.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number with up to <paramref name="decimals"/> decimals.</summary>
    public static string N(double value, int decimals = 1) => value.ToString("#,##0." + new string('#', decimals), CultureInfo.InvariantCulture);

    /// <summary>A date as people read it (3 December 2026).</summary>
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A link.</summary>
    public static string A(string href, string text, string? attributes = null) =>
        $"<a href=\"{H(href)}\"{(attributes is null ? "" : " " + attributes)}>{H(text)}</a>";

    /// <summary>
    /// A whole page. <paramref name="title"/> is the page's own title (the site name is appended);
    /// <paramref name="main"/> is the HTML inside &lt;main&gt;; <paramref name="scripts"/> names files of
    /// /site/ to load (deferred) after the page; <paramref name="current"/> marks the navigation entry of this page.
    /// </summary>
    public static string Render(HttpContext context, string title, string main, string? current = null, string? description = null,
        params string[] scripts)
    {
        var assets = SiteAssets.Instance;
        var b = new StringBuilder(main.Length + 2048);
        b.Append("<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(H(title)).Append(" · OpenData community safety</title>\n");
        if (description is not null) b.Append("<meta name=\"description\" content=\"").Append(H(description)).Append("\">\n");
        b.Append("<link rel=\"icon\" href=\"").Append(H(assets.Url(context, "favicon.svg"))).Append("\" type=\"image/svg+xml\">\n");
        b.Append("<link rel=\"stylesheet\" href=\"").Append(H(assets.Url(context, "site.css"))).Append("\">\n");
        foreach (var script in scripts)
        {
            b.Append("<script defer src=\"").Append(H(assets.Url(context, script))).Append("\"></script>\n");
        }
        b.Append("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\">\n")
            .Append("<a class=\"brand\" href=\"").Append(H(Url(context, "/"))).Append("\">OpenData <span>community safety</span></a>\n")
            .Append("<nav aria-label=\"Site\"><ul>");
        foreach (var (href, label, key) in Navigation)
        {
            b.Append("<li><a href=\"").Append(H(Url(context, href))).Append('"');
            if (key == current) b.Append(" aria-current=\"page\"");
            b.Append('>').Append(H(label)).Append("</a></li>");
        }
        b.Append("</ul></nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n")
            .Append(main)
            .Append("\n</main>\n<footer class=\"site\">\n<p>Figures as published by the councils and the Metropolitan Police, ")
            .Append("under the <a href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\">Open Government Licence v3.0</a>")
            .Append(" (each source names its own attribution). The same data as ")
            .Append(A(Url(context, "/api/v1"), "REST")).Append(", ")
            .Append(A(Url(context, "/graphql"), "GraphQL")).Append(" and ")
            .Append(A(Url(context, "/swagger"), "OpenAPI")).Append(".</p>\n</footer>\n</body>\n</html>\n");
        return b.ToString();
    }

    private static readonly (string Href, string Label, string Key)[] Navigation =
    [
        ("/", "Home", "home"),
        ("/map", "Ward map", "map"),
        ("/targets", "Targets and outcomes", "targets"),
        ("/sources", "Source documents", "sources"),
        ("/datasets", "Datasets", "datasets"),
    ];

    /// <summary>A site path under the request's path base.</summary>
    public static string Url(HttpContext context, string path) => context.Request.PathBase.Add(path).Value ?? path;

    /// <summary>A page as a response.</summary>
    public static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Text(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>A page for a failure: a bad request (what is wrong), the store away for a moment (try again), or our
    /// fault (sorry). Never a stack trace.</summary>
    public static string Error(HttpContext context, int status, string? detail)
    {
        if (status == StatusCodes.Status404NotFound) return NotFound(context);
        var (title, text) = status switch
        {
            StatusCodes.Status405MethodNotAllowed => ("This page can only be read", "The site's pages answer GET and HEAD only."),
            StatusCodes.Status400BadRequest => ("This address asks for something we cannot answer", detail ?? "The address has a parameter that is not valid."),
            StatusCodes.Status429TooManyRequests => ("Too many pages at once", (detail ?? "This address has asked for too many pages in a short time.") + " Please wait a moment and try again."),
            StatusCodes.Status503ServiceUnavailable => ("The data is not available just now", (detail ?? "The store cannot be read just now.") + " Please try again in a few seconds."),
            < 500 => ("This request cannot be answered", detail ?? "The request is not one this site can answer."),
            _ => ("Something went wrong on our side", "The page could not be made. The problem has been logged; please try again later."),
        };
        return Render(context, title, $"<h1>{H(title)}</h1>\n<p>{H(text)}</p>\n<p>{A(Url(context, "/"), "Back to the home page")}</p>");
    }

    /// <summary>The friendly 404: what was asked, and ways back.</summary>
    public static string NotFound(HttpContext context, string? detail = null) => Render(context, "Page not found",
        "<h1>Page not found</h1>\n"
        + $"<p>There is no page at <code>{H(context.Request.Path.Value)}</code>.{(detail is null ? "" : " " + H(detail))}</p>\n"
        + "<p>Try one of these:</p>\n<ul>"
        + $"<li>{A(Url(context, "/"), "the home page")}, with every dataset</li>"
        + $"<li>{A(Url(context, "/map"), "the ward map")}</li>"
        + $"<li>{A(Url(context, "/targets"), "targets and outcomes")}</li>"
        + "</ul>");
}

/// <summary>
/// Problems of the site's paths written as pages of the site: routing's 404 (the friendly 404 page), 405, Kestrel's
/// 413/414, the rate limit's 429, the admission gate's 503, an exception's 500. The status and headers (Retry-After,
/// Allow) are the problem's; API paths keep their problem documents (the next writer).
/// </summary>
public sealed class SiteProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => SiteApi.IsSitePath(context.HttpContext.Request.Path);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        return new ValueTask(SitePage.Html(SitePage.Error(http, status, context.ProblemDetails.Detail), status).ExecuteAsync(http));
    }
}
