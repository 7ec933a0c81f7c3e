using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OpenData.Query;

namespace OpenData.Api.Http;

/// <summary>
/// One error shape for the whole API: RFC 9457 problem details with a stable <c>type</c> per kind of error
/// (constants in <see cref="ProblemTypes"/>), <c>instance</c> (the request path) and <c>traceId</c> (the request
/// id, also sent as <c>X-Request-Id</c>). Handler problems, routing's 404/405, framework rejections, rate
/// limiting and unhandled exceptions all pass through <see cref="Customize"/>, so none can drift.
/// </summary>
public static class Problems
{
    public const string MediaType = "application/problem+json";

    /// <summary>A client-sent value quoted in a detail is cut to this length, so a 10 kB query cannot echo back.</summary>
    private const int MaxQuotedLength = 200;

    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        // Registered before AddProblemDetails adds the default writer, so these are the ones used, in this order: a
        // problem on a site page (a page, a 404, 405, 429 or 503 of the site, an exception) is a page of the site;
        // everything else is JSON.
        services.AddSingleton<IProblemDetailsWriter, Site.SiteProblemWriter>();
        services.AddSingleton<IProblemDetailsWriter, AlwaysJsonProblemWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        services.AddExceptionHandler<ExceptionToProblem>();
        // Binding failures (a non-number for an int parameter, a missing required one) throw
        // BadHttpRequestException in every environment, so ExceptionToProblem can say which parameter failed
        // instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Writes a problem with the API's shape; for middleware that answers before an endpoint runs.</summary>
    public static ValueTask WriteAsync(HttpContext context, int status, string? detail = null, string? type = null,
        IDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Detail = detail, Type = type };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        }
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>The type of a problem that did not name one, by status.</summary>
    public static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemTypes.BadRequest,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
        StatusCodes.Status406NotAcceptable => ProblemTypes.NotAcceptable,
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status414UriTooLong => ProblemTypes.UriTooLong,
        StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ProblemTypes.RateLimited,
        StatusCodes.Status500InternalServerError => ProblemTypes.InternalError,
        StatusCodes.Status503ServiceUnavailable => ProblemTypes.StoreUnavailable,
        _ => ProblemTypes.BaseUri + "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        // ASP.NET fills in RFC 9110 section links by default; those say nothing about this API's errors.
        if (problem.Type is null || !problem.Type.StartsWith(ProblemTypes.BaseUri, StringComparison.Ordinal))
        {
            problem.Type = TypeFor(status);
        }
        problem.Detail ??= DefaultDetail(http, status);
        // The path only: the query string may be kilobytes of hostile input.
        problem.Instance ??= http.Request.PathBase.Add(http.Request.Path).ToUriComponent();
        problem.Extensions["traceId"] = http.TraceIdentifier;
        // An error is about one request at one moment (a rate limit, a release not yet imported): never cache it.
        http.Response.Headers.CacheControl = "no-store";
    }

    private static string? DefaultDetail(HttpContext http, int status) => status switch
    {
        StatusCodes.Status404NotFound =>
            "Nothing is published at this path. The API's routes are listed at /swagger/v1/swagger.json.",
        StatusCodes.Status405MethodNotAllowed =>
            $"This resource answers {AllowedMethods(http)} only: the API is read-only.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        StatusCodes.Status414UriTooLong => "The request URI is longer than the server accepts.",
        StatusCodes.Status500InternalServerError =>
            "An unexpected error occurred. Please report it with the traceId of this response.",
        _ => null,
    };

    private static string AllowedMethods(HttpContext http)
    {
        var allow = ContentNegotiation.WithHead(http.Response.Headers.Allow.ToString());
        return allow.Length == 0 ? "GET and HEAD" : allow;
    }

    /// <summary>
    /// Writes every problem as JSON, whatever the request's Accept says. ASP.NET's default writer declines when Accept
    /// excludes JSON, which leaves exactly the 406 (and any error for a CSV client) with an empty body; RFC 9110
    /// allows an error response in a type the client did not ask for, and one error shape beats none.
    /// </summary>
    private sealed class AlwaysJsonProblemWriter(
        Microsoft.Extensions.Options.IOptions<ProblemDetailsOptions> options,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var http = context.HttpContext;
            var problem = context.ProblemDetails;
            problem.Status ??= http.Response.StatusCode;
            problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status.Value);
            options.Value.CustomizeProblemDetails?.Invoke(context);
            http.Response.StatusCode = problem.Status.Value;
            return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, MediaType));
        }
    }

    internal static string Quote(string value) =>
        value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "…");

    /// <summary>
    /// Turns exceptions into problems: a framework rejection (BadHttpRequestException) keeps its status and a
    /// short message; a query error that escaped a handler is the client's 400; anything else is a 500 whose
    /// detail says nothing about the server (the exception is logged by the middleware, with the request id).
    /// </summary>
    private sealed class ExceptionToProblem(IProblemDetailsService problems) : IExceptionHandler
    {
        private const int StoreRetryAfterSeconds = Hosting.PostgresRelease.RetryAfterSeconds;

        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var problem = exception switch
            {
                BadHttpRequestException bad => new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Detail = Quote(bad.Message),
                },
                QueryException query => QueryProblem(query),
                // PostgreSQL away (restarting, unreachable) or nothing imported yet: the client may retry, and
                // readiness is failing meanwhile, so a load balancer sends the traffic elsewhere.
                _ when Hosting.StoreFailures.IsUnavailable(exception) => new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Type = ProblemTypes.StoreUnavailable,
                    Detail = $"The store cannot be read just now. Retry after {StoreRetryAfterSeconds} seconds.",
                },
                _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError },
            };
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = StoreRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            context.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = problem,
                Exception = exception,
            });
        }

        private static ProblemDetails QueryProblem(QueryException query)
        {
            var first = query.Errors.Count > 0 ? query.Errors[0].Kind : QueryErrorKind.InvalidParameter;
            var problem = new HttpValidationProblemDetails(Rest.RestProblems.ByParameter(query.Errors))
            {
                Status = StatusCodes.Status400BadRequest,
                Type = first switch
                {
                    QueryErrorKind.UnknownParameter => ProblemTypes.UnknownParameter,
                    QueryErrorKind.InvalidCursor => ProblemTypes.InvalidCursor,
                    QueryErrorKind.FilterTooComplex => ProblemTypes.FilterTooComplex,
                    _ => ProblemTypes.InvalidParameter,
                },
                Detail = "The query has errors; see errors.",
            };
            return problem;
        }
    }
}
