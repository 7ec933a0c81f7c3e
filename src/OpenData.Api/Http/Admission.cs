using System.Data.Common;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OpenData.Api.Hosting;

namespace OpenData.Api.Http;

/// <summary>Admission of heavy work (aggregates, map, series, CSV/GeoJSON exports, costly GraphQL). Bound from the
/// "Admission" configuration section.</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>Heavy requests computed at once; the rest wait in the queue. Default: the processor count, at least 2.</summary>
    public int MaxConcurrent { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// CSV and GeoJSON exports streamed at once, in slots of their own: an export read slowly holds its slot for as long
    /// as ExportTimeoutSeconds, so exports and computed work (aggregates, map, series, GraphQL) must not share slots,
    /// or a few slow readers would deny computed work to everyone. The rest wait in a queue of their own.
    /// </summary>
    public int MaxConcurrentExports { get; set; } = 4;

    /// <summary>Heavy requests that may wait for a slot (oldest first), per kind; one more is answered 503 at once.</summary>
    public int QueueLimit { get; set; } = 50;

    /// <summary>Longest wait in the queue; a request still waiting then is answered 503.</summary>
    public double QueueTimeoutSeconds { get; set; } = 10;

    /// <summary>Longest a heavy JSON request (aggregates, map, series) may take, queue included: then its work is
    /// cancelled and it is answered 503 (or, when its body has begun, the response is aborted).</summary>
    public double RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>The same for a CSV or GeoJSON export, which streams a whole dataset and may rightly take longer.</summary>
    public double ExportTimeoutSeconds { get; set; } = 600;

    /// <summary>The Retry-After sent with a 503 of this gate.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>
    /// Heavy requests one client (address; IPv6 by /64) may have running at once; as many more wait their turn (up to
    /// QueueTimeoutSeconds), and one more than those is a 429. Without it one client could hold every slot, e.g. with
    /// exports read slowly, and deny heavy work to everyone else.
    /// </summary>
    public int MaxPerClient { get; set; } = 1;
}

/// <summary>What kind of heavy work an endpoint does: it picks the time limit (<see cref="AdmissionOptions"/>).</summary>
public enum HeavyWork
{
    /// <summary>Computed, then answered (aggregates, map, series): <see cref="AdmissionOptions.RequestTimeoutSeconds"/>.</summary>
    Compute,

    /// <summary>Streamed row by row (CSV, GeoJSON exports): <see cref="AdmissionOptions.ExportTimeoutSeconds"/>.</summary>
    Export,
}

/// <summary>Endpoint metadata of <see cref="Admission.RequireAdmission"/>: the kind of work, and for routes that are
/// heavy only in some forms (a collection is cheap as a JSON page, heavy as an export) which requests it applies to.</summary>
public sealed class AdmissionMetadata(HeavyWork kind, Func<HttpContext, bool>? appliesTo)
{
    public HeavyWork Kind { get; } = kind;

    /// <summary>
    /// False for an endpoint that keeps its own time limit (GraphQL's execution timeout, answered as a GraphQL TIMEOUT
    /// error): the middleware then only makes cancellation interrupt its SQLite statements.
    /// </summary>
    public bool TimeLimited { get; init; } = true;

    public bool AppliesTo(HttpContext context) => appliesTo?.Invoke(context) ?? true;
}

/// <summary>
/// The concurrency limit of heavy work: at most <see cref="AdmissionOptions.MaxConcurrent"/> heavy requests run,
/// up to <see cref="AdmissionOptions.QueueLimit"/> wait in order for up to
/// <see cref="AdmissionOptions.QueueTimeoutSeconds"/>, and the rest are turned away with a 503 and Retry-After.
/// Without it, forty concurrent whole-table aggregates each built their answer at once: memory went from 0.5 to
/// 4.2 GB and none finished. Cheap requests never pass through here, so they never wait behind heavy ones.
/// A waiting request whose client leaves is taken out of the queue (its token cancels the wait).
/// </summary>
public sealed class HeavyWorkGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly ConcurrencyLimiter _exports;
    private readonly TimeSpan _queueTimeout;

    // Clients with heavy requests running or waiting: an entry only while one is (bounded by the requests in flight).
    private readonly Dictionary<string, Turns> _perClient = new(StringComparer.Ordinal);

    public HeavyWorkGate(IOptions<AdmissionOptions> options)
    {
        Options = options.Value;
        _queueTimeout = TimeSpan.FromSeconds(Options.QueueTimeoutSeconds);
        _limiter = Limiter(Options.MaxConcurrent, Options.QueueLimit);
        _exports = Limiter(Options.MaxConcurrentExports, Options.QueueLimit);
    }

    private static ConcurrencyLimiter Limiter(int permits, int queue) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public AdmissionOptions Options { get; }

    /// <summary>Heavy requests running now, of both kinds.</summary>
    public long Running => Options.MaxConcurrent - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? Options.MaxConcurrent)
        + Options.MaxConcurrentExports - (_exports.GetStatistics()?.CurrentAvailablePermits ?? Options.MaxConcurrentExports);

    /// <summary>Heavy requests waiting for a slot now, of both kinds.</summary>
    public long Queued => (_limiter.GetStatistics()?.CurrentQueuedCount ?? 0) + (_exports.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>
    /// Waits for a slot: the slot (dispose it when the work is done, the response included), or null when the
    /// queue is full or the wait ran past <see cref="AdmissionOptions.QueueTimeoutSeconds"/> (answer
    /// <see cref="BusyProblem"/>). Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> (the client's) cancels the wait; the request leaves the queue.
    /// </summary>
    public async ValueTask<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
        => (await TryEnterAsync(HeavyWork.Compute, client: null, cancellationToken)).Slot;

    /// <summary>A computed-work slot counted against <paramref name="client"/>: see <see cref="TryEnterAsync(HeavyWork, string?, CancellationToken)"/>.</summary>
    public ValueTask<(IDisposable? Slot, bool ClientLimit)> TryEnterAsync(string? client, CancellationToken cancellationToken)
        => TryEnterAsync(HeavyWork.Compute, client, cancellationToken);

    /// <summary>
    /// As <see cref="TryEnterAsync(CancellationToken)"/>, counted against <paramref name="client"/> (a
    /// <see cref="RateLimiting.ClientKey"/>): a client that already has <see cref="AdmissionOptions.MaxPerClient"/>
    /// heavy requests running or waiting gets no slot and <c>ClientLimit</c> (answer <see cref="ClientLimitProblem"/>).
    /// </summary>
    public async ValueTask<(IDisposable? Slot, bool ClientLimit)> TryEnterAsync(HeavyWork kind, string? client, CancellationToken cancellationToken)
    {
        Turns? turns = null;
        if (client is not null)
        {
            turns = await TakeTurnAsync(client, cancellationToken).ConfigureAwait(false);
            if (turns is null) return (null, true);
        }
        IDisposable? slot;
        try
        {
            slot = await TryAcquireAsync(kind == HeavyWork.Export ? _exports : _limiter, cancellationToken).ConfigureAwait(false);
        }
        catch when (turns is not null)
        {
            Leave(client!, turns); // the client left while waiting
            throw;
        }
        if (turns is null) return (slot, false);
        if (slot is null)
        {
            Leave(client!, turns);
            return (null, false);
        }
        return (new ClientSlot(this, client!, turns, slot), false);
    }

    /// <summary>
    /// One client's heavy requests take turns: <see cref="AdmissionOptions.MaxPerClient"/> run, as many more wait
    /// (up to <see cref="AdmissionOptions.QueueTimeoutSeconds"/>), and beyond those the client is refused (null). The
    /// wait matters for a client sending one request after another: its next request can arrive before the previous
    /// one's slot is given back (that happens after the last byte is sent), and must not be refused for it.
    /// </summary>
    private async ValueTask<Turns?> TakeTurnAsync(string client, CancellationToken cancellationToken)
    {
        Turns turns;
        lock (_perClient)
        {
            if (!_perClient.TryGetValue(client, out turns!)) _perClient[client] = turns = new Turns(Options.MaxPerClient);
            if (turns.Holders >= 2 * Options.MaxPerClient) return null;
            turns.Holders++;
        }
        var taken = false;
        try
        {
            taken = await turns.Running.WaitAsync(_queueTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!taken) Forget(client, turns);
        }
        return taken ? turns : null;
    }

    private void Leave(string client, Turns turns)
    {
        turns.Running.Release();
        Forget(client, turns);
    }

    private void Forget(string client, Turns turns)
    {
        lock (_perClient)
        {
            if (--turns.Holders == 0) _perClient.Remove(client);
        }
    }

    /// <summary>Clients with heavy requests running or waiting now.</summary>
    public int Clients
    {
        get
        {
            lock (_perClient) return _perClient.Count;
        }
    }

    /// <summary>Heavy requests of this client (a <see cref="RateLimiting.ClientKey"/>) running or waiting for their turn now.</summary>
    public int HoldersOf(string client)
    {
        lock (_perClient) return _perClient.TryGetValue(client, out var turns) ? turns.Holders : 0;
    }

    /// <summary>One client's turns: its running slots, and how many of its requests run or wait (under the gate's lock).</summary>
    private sealed class Turns(int perClient)
    {
        public SemaphoreSlim Running { get; } = new(perClient, perClient);
        public int Holders;
    }

    private sealed class ClientSlot(HeavyWorkGate gate, string client, Turns turns, IDisposable slot) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            slot.Dispose();
            gate.Leave(client, turns);
        }
    }

    private async ValueTask<IDisposable?> TryAcquireAsync(ConcurrencyLimiter limiter, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(_queueTimeout);
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        return null;
    }

    /// <summary>The REST answer to a request turned away: 503, type server-busy, with Retry-After.</summary>
    public IResult BusyProblem() => new BusyResult(this);

    /// <summary>The REST answer to a client over <see cref="AdmissionOptions.MaxPerClient"/>: 429, type rate-limited, with Retry-After.</summary>
    public IResult ClientLimitProblem() => new ClientLimitResult(this);

    /// <summary>Why a client over <see cref="AdmissionOptions.MaxPerClient"/> was turned away.</summary>
    public string ClientLimitDetail => string.Create(CultureInfo.InvariantCulture,
        $"This client already has {Options.MaxPerClient} heavy request(s) (aggregates, maps, series, exports, costly GraphQL) running and as many waiting, the most one client may have at once. Send the next when one has finished.");

    /// <summary>Retry-After (seconds) for a request turned away, for front doors that answer in their own shape (GraphQL).</summary>
    public int RetryAfterSeconds => Math.Max(1, Options.RetryAfterSeconds);

    /// <summary>Why a request was turned away, for the problem's detail or a GraphQL error's message.</summary>
    public string BusyDetail => string.Create(CultureInfo.InvariantCulture,
        $"The server is busy with other heavy requests: {Options.MaxConcurrent} computed ones (aggregates, maps, series, costly GraphQL) and {Options.MaxConcurrentExports} exports run at once, and {Options.QueueLimit} of each may wait up to {Options.QueueTimeoutSeconds} s. Retry after {RetryAfterSeconds} seconds; other requests are answered as usual.");

    public void Dispose()
    {
        _limiter.Dispose();
        _exports.Dispose();
    }

    private sealed class ClientLimitResult(HeavyWorkGate gate) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = gate.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.WriteAsync(httpContext, StatusCodes.Status429TooManyRequests, gate.ClientLimitDetail, ProblemTypes.RateLimited).AsTask();
        }
    }

    private sealed class BusyResult(HeavyWorkGate gate) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = gate.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, gate.BusyDetail, ProblemTypes.ServerBusy).AsTask();
        }
    }
}

/// <summary>
/// Heavy endpoints declare themselves with <see cref="RequireAdmission"/>: their requests then pass
/// <see cref="HeavyWorkGate"/> (an endpoint filter, so a response-cache hit, answered before the filters, never
/// queues) and run under a time limit (<see cref="UseAdmission"/>), and the client's leaving cancels their work:
/// the handlers pass <see cref="HttpContext.RequestAborted"/> (which the time limit also cancels) to every query.
/// </summary>
public static class Admission
{
    public static IServiceCollection AddAdmission(this IServiceCollection services)
    {
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section)
            .Validate(o => o.MaxConcurrent >= 1 && o.MaxConcurrentExports >= 1 && o.QueueLimit >= 0 && o.QueueTimeoutSeconds > 0
                    && o.RequestTimeoutSeconds > 0 && o.ExportTimeoutSeconds > 0 && o.RetryAfterSeconds >= 1 && o.MaxPerClient >= 1,
                "Admission: MaxConcurrent, MaxConcurrentExports, MaxPerClient and RetryAfterSeconds must be at least 1, QueueLimit not negative, the timeouts positive.")
            .ValidateOnStart();
        services.AddSingleton<HeavyWorkGate>();
        return services;
    }

    /// <summary>
    /// Marks the endpoint as heavy work: a slot of <see cref="HeavyWorkGate"/> is held from before the handler
    /// runs until the response is complete (a streamed export holds it to its last row); the request is bounded
    /// by the time limit of <paramref name="kind"/>. <paramref name="appliesTo"/> limits this to some requests.
    /// </summary>
    public static RouteHandlerBuilder RequireAdmission(this RouteHandlerBuilder builder, HeavyWork kind = HeavyWork.Compute, Func<HttpContext, bool>? appliesTo = null)
    {
        var metadata = new AdmissionMetadata(kind, appliesTo);
        builder.WithMetadata(metadata);
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            if (!metadata.AppliesTo(http)) return await next(invocation);
            var gate = http.RequestServices.GetRequiredService<HeavyWorkGate>();
            var (slot, clientLimit) = await gate.TryEnterAsync(metadata.Kind, RateLimiting.ClientKey(http.Connection.RemoteIpAddress), http.RequestAborted);
            if (clientLimit || slot is null)
            {
                http.RequestServices.GetRequiredService<RequestCostLimiter>().RefundWork(http);
                return clientLimit ? gate.ClientLimitProblem() : gate.BusyProblem();
            }
            // Released when the response is complete, not when the handler returns: results stream after that.
            http.Response.RegisterForDispose(slot);
            return await next(invocation);
        });
        return builder;
    }

    /// <summary>
    /// The time limit of heavy requests: their <see cref="HttpContext.RequestAborted"/> also cancels after the
    /// limit, so the queries stop; a request that ran out before its body began is answered 503 (type timed-out),
    /// one whose body had begun is aborted (a client must not take a cut-off body for a whole one). Must run after
    /// routing (it reads endpoint metadata), just before the endpoint.
    /// </summary>
    public static IApplicationBuilder UseAdmission(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<AdmissionOptions>>().Value;
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Admission));
        // SQLite's async calls run synchronously, so each admitted request can hold a pool thread for its whole
        // query. The pool starts with one thread per core and adds more slowly; without this, MaxConcurrent heavy
        // requests could hold every ready thread and a cheap GET would wait for the pool to grow.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount + options.MaxConcurrent), completionPorts);
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<AdmissionMetadata>() is not { } metadata || !metadata.AppliesTo(context))
            {
                await next(context);
                return;
            }
            if (!metadata.TimeLimited)
            {
                SqliteInterrupt.Enable();
                await next(context);
                return;
            }
            var seconds = metadata.Kind == HeavyWork.Export ? options.ExportTimeoutSeconds : options.RequestTimeoutSeconds;
            var client = context.RequestAborted;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(client);
            limit.CancelAfter(TimeSpan.FromSeconds(seconds));
            context.RequestAborted = limit.Token;
            SqliteInterrupt.Enable();
            try
            {
                await next(context);
            }
            // The client has gone: its work was cancelled (a SQLite statement interrupted), and there is no one to answer.
            catch (Exception e) when (e is OperationCanceledException or DbException or IOException && client.IsCancellationRequested)
            {
                logger.LogDebug("{Path}: the client left; its work was cancelled.", context.Request.Path.Value);
            }
            // A cancelled SQLite or EF Core call may surface as a provider exception rather than a cancellation.
            catch (Exception e) when (e is OperationCanceledException or DbException or IOException
                && limit.IsCancellationRequested && !client.IsCancellationRequested)
            {
                if (context.Response.HasStarted)
                {
                    logger.LogWarning("{Path} ran past its {Seconds} s limit while sending its body; the response was aborted.", context.Request.Path.Value, seconds);
                    context.Abort();
                    return;
                }
                // The problem is written under the client's own token: the limit's has already fired.
                context.RequestAborted = client;
                context.Response.Clear();
                context.Response.Headers.RetryAfter = Math.Max(1, options.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                    string.Create(CultureInfo.InvariantCulture, $"The request ran past the {seconds} s this API gives one request of its kind, and was stopped. Ask for less (a shorter range, fewer groups, a smaller page) or retry later."),
                    ProblemTypes.TimedOut);
            }
            finally
            {
                context.RequestAborted = client;
            }
        });
    }
}
