using Microsoft.AspNetCore.HttpsPolicy;

namespace OpenData.Api.Http;

/// <summary>Security headers on every response. Bound from the "SecurityHeaders" configuration section.</summary>
public sealed class SecurityHeadersOptions
{
    public const string Section = "SecurityHeaders";

    /// <summary>
    /// CSP of every response that is not one of the HTML pages below: JSON, CSV and GeoJSON load nothing, so
    /// nothing is allowed, and nobody may frame them.
    /// </summary>
    public string ApiContentSecurityPolicy { get; set; } =
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// CSP of the HTML pages (Swagger UI, GraphiQL): their own scripts, styles and fonts, inline styles (both
    /// set style attributes), data: images (Swagger UI's icons) and fetches back to this API only.
    /// </summary>
    public string PageContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>
    /// CSP of the site's pages (every other HTML response outside /api): scripts and styles from this origin's
    /// files only, never inline; images of this origin (and data: SVG); fetches back to this API; forms submit here.
    /// </summary>
    public string SiteContentSecurityPolicy { get; set; } =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Path prefixes whose HTML responses get <see cref="PageContentSecurityPolicy"/>.</summary>
    public string[] PagePaths { get; set; } = ["/swagger", "/graphql"];

    /// <summary>The API has no pages that link out, so no referrer is ever needed.</summary>
    public string ReferrerPolicy { get; set; } = "no-referrer";

    /// <summary>Max-age of Strict-Transport-Security, sent on HTTPS responses outside Development.</summary>
    public int HstsMaxAgeDays { get; set; } = 365;
}

public static class SecurityHeaders
{
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.AddOptions<SecurityHeadersOptions>().BindConfiguration(SecurityHeadersOptions.Section);
        services.AddHsts(static _ => { });
        services.AddOptions<HstsOptions>().Configure<Microsoft.Extensions.Options.IOptions<SecurityHeadersOptions>>(
            static (hsts, security) => hsts.MaxAge = TimeSpan.FromDays(security.Value.HstsMaxAgeDays));
        return services;
    }

    /// <summary>
    /// Adds the headers when the response starts, so they are on every response: errors written by the
    /// exception handler (which clears earlier headers), 304s, 429s and routing's 404/405 alike.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityHeadersOptions>>().Value;
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = options.ReferrerPolicy;
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = PolicyFor(context, options);
                // Public data is meant to be fetched from other sites' pages and scripts.
                headers["Cross-Origin-Resource-Policy"] = "cross-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    private static string PolicyFor(HttpContext context, SecurityHeadersOptions options)
    {
        var contentType = context.Response.ContentType;
        if (contentType is null || !contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)) return options.ApiContentSecurityPolicy;
        var path = context.Request.PathBase.Add(context.Request.Path);
        foreach (var prefix in options.PagePaths)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) return options.PageContentSecurityPolicy;
        }
        // A source document's HTML under /api loads nothing; the site's pages load their own files.
        return Site.SiteApi.IsSitePath(context.Request.Path) ? options.SiteContentSecurityPolicy : options.ApiContentSecurityPolicy;
    }
}
