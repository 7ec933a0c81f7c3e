using Microsoft.EntityFrameworkCore;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Http;

/// <summary>Liveness of the process.</summary>
public sealed class HealthStatus
{
    /// <summary>Always <c>ok</c> when the process answers.</summary>
    /// <example>ok</example>
    public required string Status { get; init; }
}

/// <summary>Readiness: the store opens and holds a data release.</summary>
public sealed class ReadinessStatus
{
    /// <summary>Always <c>ready</c> in a 200 response.</summary>
    /// <example>ready</example>
    public required string Status { get; init; }

    /// <summary>The data release being served.</summary>
    public required ReadinessRelease Release { get; init; }
}

/// <summary>The data release being served.</summary>
public sealed class ReadinessRelease
{
    /// <summary>Sequence number of the release, 1 for the first import into a store.</summary>
    /// <example>1</example>
    public required int Id { get; init; }

    /// <summary>When the release was imported.</summary>
    /// <example>2025-11-22T02:00:00+00:00</example>
    public required DateTimeOffset ImportedAt { get; init; }

    /// <summary>SHA-256 (hex) over every dataset's rows: equal content gives an equal hash.</summary>
    /// <example>9f2c4e0d5b7a61c3e8f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2</example>
    public required string ContentHash { get; init; }
}

/// <summary><c>/health</c> for liveness probes, <c>/ready</c> for readiness probes and load balancers.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("")
            .WithTags("Service")
            // Probes run every few seconds from the platform; they must never be throttled or cached.
            .DisableRateLimiting()
            .RequireAcceptable();

        group.MapGet("/health", GetHealth)
            .WithName("GetHealth")
            .WithSummary("Liveness: the process is up")
            .WithDescription("Answers 200 `{\"status\":\"ok\"}` whenever the process can serve HTTP. It does not touch " +
                "the store, so a liveness probe never restarts the API because the database is slow. Not rate limited.");

        group.MapGet("/ready", GetReadinessAsync)
            .WithName("GetReadiness")
            .WithSummary("Readiness: the store opens and holds a data release")
            .WithDescription("Answers 200 with the data release being served when the store opens and holds at least " +
                "one release built from the datapackage.json this build describes; 503 problem details (`store-unavailable`, `no-data-release` or `package-mismatch`) otherwise, so a load " +
                "balancer sends no traffic to an instance without data. Not rate limited.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return routes;
    }

    private static Ok<HealthStatus> GetHealth(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new HealthStatus { Status = "ok" });
    }

    private static async Task<Results<Ok<ReadinessStatus>, ProblemHttpResult>> GetReadinessAsync(
        HttpContext context, ReleaseReader releases, Hosting.PostgresRelease postgres, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (postgres.Enabled && postgres.NoRelease)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.NoDataRelease,
                detail: "The PostgreSQL store holds no data release yet: run the import (opendata-import with Store:Provider=Postgres).");
        }
        // PostgreSQL: the instance's last check of the store failed. Not ready until one succeeds, even if a
        // query would get through now: the check is what moves it to new releases.
        if (postgres.Enabled && postgres.Unavailable is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.StoreUnavailable,
                detail: "The store cannot be opened or read.");
        }
        ReleaseInfo? release;
        string? built;
        try
        {
            var db = context.RequestServices.GetRequiredService<OpenDataDbContext>();
            release = await releases.GetCurrentAsync(db, cancellationToken);
            built = await db.Package.AsNoTracking().Where(p => p.Id == 1).Select(p => p.Sha256).FirstOrDefaultAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(HealthEndpoints)).LogWarning(exception, "Readiness check: the store cannot be read.");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.StoreUnavailable,
                detail: "The store cannot be opened or read.");
        }
        if (release is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.NoDataRelease,
                detail: "The store holds no data release yet: run the import.");
        }
        // The contracts, the catalogue and every description come from the package this build embeds: a store built
        // from another package (seed-data edited after the build, or another deployment's store) would be served with
        // the wrong words, or fields the code does not know. One row, read per probe.
        if (built != DataPackage.Current.Sha256)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.PackageMismatch,
                detail: built is null
                    ? "The store does not record the datapackage.json it was built from: rebuild it with opendata-import."
                    : "The store was built from another datapackage.json than this build of the API describes: rebuild the API and the store from the same seed-data/.");
        }
        context.Response.Headers[ReleaseCaching.DataReleaseHeader] = release.Id.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(new ReadinessStatus
        {
            Status = "ready",
            Release = new ReadinessRelease { Id = release.Id, ImportedAt = release.ImportedAt, ContentHash = release.ContentHash },
        });
    }
}
