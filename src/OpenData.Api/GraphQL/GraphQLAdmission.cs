using System.Globalization;
using System.Text.Json;
using OpenData.Api.Http;
using OpenData.GraphQL.Http;

namespace OpenData.Api.GraphQL;

/// <summary>
/// What a GraphQL request may spend, decided once its cost is known (after validation, before execution): it pays
/// its client's rate-limit bucket by cost (<see cref="RequestCostLimiter.GraphQLTokens"/>, of which one token was
/// paid at the door), and an operation costing at least <see cref="GraphQLOptions.AdmissionCost"/> is heavy work,
/// run only with a slot of the <see cref="HeavyWorkGate"/> that REST's aggregates, maps and exports share.
/// </summary>
internal static class GraphQLRequestAdmission
{
    private const int StoreRetryAfterSeconds = Hosting.PostgresRelease.RetryAfterSeconds;

    public static async ValueTask<GraphQLAdmission> AdmitAsync(HttpContext http, long cost, long admissionCost, CancellationToken cancellationToken)
    {
        // PostgreSQL away or nothing imported: the REST answer's 503 and Retry-After, in GraphQL's shape, instead of
        // a 200 whose every field failed.
        var postgres = http.RequestServices.GetRequiredService<Hosting.PostgresRelease>();
        if (postgres.Enabled && (postgres.Unavailable is not null || http.RequestServices.GetRequiredService<Hosting.RequestSchema>().Served is null))
        {
            return GraphQLAdmission.Rejected(new Rejection(StatusCodes.Status503ServiceUnavailable, "STORE_UNAVAILABLE",
                $"The store cannot be read just now. Retry after {StoreRetryAfterSeconds} seconds.", TimeSpan.FromSeconds(StoreRetryAfterSeconds),
                response => response.Headers.RetryAfter = StoreRetryAfterSeconds.ToString(CultureInfo.InvariantCulture)));
        }
        var limiter = http.RequestServices.GetRequiredService<RequestCostLimiter>();
        var tokens = limiter.GraphQLTokens(cost);
        var decision = limiter.TrySpend(http, tokens - 1);
        if (!decision.Allowed)
        {
            return GraphQLAdmission.Rejected(new Rejection(StatusCodes.Status429TooManyRequests, "RATE_LIMITED",
                string.Create(CultureInfo.InvariantCulture,
                    $"Rate limit reached: this operation costs {tokens} tokens (1 per {limiter.Options.GraphQLCostPerToken} of its estimated cost of {cost}) and this client has fewer left. Retry after {(int)Math.Ceiling(decision.RetryAfter.TotalSeconds)} s, or ask for less."),
                decision.RetryAfter, response => limiter.SetRejectionHeaders(response, decision.RetryAfter)));
        }
        if (cost < admissionCost) return GraphQLAdmission.Admitted();

        var gate = http.RequestServices.GetRequiredService<HeavyWorkGate>();
        var (slot, clientLimit) = await gate.TryEnterAsync(RateLimiting.ClientKey(http.Connection.RemoteIpAddress), cancellationToken);
        // Refused work costs the request's one token, not the work's.
        if (clientLimit || slot is null) limiter.RefundWork(http);
        if (clientLimit)
        {
            var retryAfter = TimeSpan.FromSeconds(gate.RetryAfterSeconds);
            return GraphQLAdmission.Rejected(new Rejection(StatusCodes.Status429TooManyRequests, "RATE_LIMITED", gate.ClientLimitDetail,
                retryAfter, response => response.Headers.RetryAfter = gate.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)));
        }
        if (slot is null)
        {
            var retryAfter = TimeSpan.FromSeconds(gate.RetryAfterSeconds);
            return GraphQLAdmission.Rejected(new Rejection(StatusCodes.Status503ServiceUnavailable, "SERVER_BUSY", gate.BusyDetail,
                retryAfter, response => response.Headers.RetryAfter = gate.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)));
        }
        return GraphQLAdmission.Admitted(slot);
    }

    /// <summary>
    /// A request error in the GraphQL response shape (an errors list with extensions.code), sent with a transport
    /// status (429 or 503) and Retry-After, as graphql-response+json when the client accepts it.
    /// </summary>
    private sealed class Rejection(int status, string code, string message, TimeSpan retryAfter, Action<HttpResponse> headers) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            headers(response);
            var accept = httpContext.Request.Headers.Accept.ToString();
            response.ContentType = accept.Contains("application/graphql-response+json", StringComparison.OrdinalIgnoreCase)
                ? "application/graphql-response+json; charset=utf-8"
                : "application/json; charset=utf-8";
            var body = new
            {
                errors = new[]
                {
                    new { message, extensions = new { code, retryAfterSeconds = (int)Math.Ceiling(retryAfter.TotalSeconds) } },
                },
            };
            await JsonSerializer.SerializeAsync(response.Body, body, cancellationToken: httpContext.RequestAborted);
        }
    }
}
