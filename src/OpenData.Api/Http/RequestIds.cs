using System.Diagnostics;

namespace OpenData.Api.Http;

/// <summary>
/// Gives every request one id, used as <see cref="HttpContext.TraceIdentifier"/> (so logs carry it), as the
/// <c>traceId</c> of problem details and as the <c>X-Request-Id</c> response header. A client (or a proxy in
/// front of us) may send its own <c>X-Request-Id</c> to correlate its logs with ours; it is echoed when it is
/// short and plain, and replaced otherwise so a hostile value never reaches logs or headers.
/// </summary>
public static class RequestIds
{
    public const string HeaderName = "X-Request-Id";

    private const int MaxLength = 128;

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        var sent = context.Request.Headers[HeaderName];
        var id = sent.Count == 1 && IsAcceptable(sent[0]) ? sent[0]! : NewId();
        context.TraceIdentifier = id;
        // Set when the response starts, not now: the exception handler clears headers set before it runs.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[HeaderName] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    /// <summary>The W3C trace id when tracing is on (so the id matches distributed traces), else a random one.</summary>
    private static string NewId() =>
        Activity.Current is { } activity && activity.TraceId != default
            ? activity.TraceId.ToHexString()
            : Guid.NewGuid().ToString("N");

    internal static bool IsAcceptable(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength) return false;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')) return false;
        }
        return true;
    }
}
