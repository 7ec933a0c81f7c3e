using System.Collections.Concurrent;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;
using OpenData.GraphQL.Validation;

namespace OpenData.GraphQL.Execution;

/// <summary>Options of a <see cref="GraphQLEngine"/>.</summary>
public sealed class GraphQLEngineOptions
{
    /// <summary>Protection limits.</summary>
    public GraphQLLimits Limits { get; set; } = new();

    /// <summary>How many distinct documents to keep parsed and validated (LRU; default 1000; 0 disables caching).</summary>
    public int DocumentCacheSize { get; set; } = 1000;

    /// <summary>
    /// Most memory the document cache may hold, in megabytes (default 16), counted per entry as an upper estimate of
    /// its key text and parsed document (see <see cref="DocumentCache"/>); least recently used entries are dropped
    /// beyond it. 0 disables caching.
    /// </summary>
    public int DocumentCacheMegabytes { get; set; } = 16;

    /// <summary>
    /// Longest document that is cached, in kilobytes of text (default 32): larger documents are parsed and validated
    /// every time, so a stream of large unique documents cannot take the cache over.
    /// </summary>
    public int DocumentCacheMaxEntryKilobytes { get; set; } = 32;

    /// <summary>Validation rules; default <see cref="SpecifiedRules.All"/>.</summary>
    public IReadOnlyList<IValidationRule>? ValidationRules { get; set; }

    /// <summary>
    /// Called with unexpected resolver exceptions (the client only sees "Unexpected error."). The field context
    /// is null when the failing field had no resolver.
    /// </summary>
    public Action<Exception, FieldContext?>? OnUnexpectedError { get; set; }
}

/// <summary>Per-request inputs of <see cref="GraphQLEngine.ExecuteAsync"/>.</summary>
public sealed class ExecutionOptions
{
    /// <summary>Services for resolvers (<see cref="FieldContext.RequestServices"/>).</summary>
    public IServiceProvider? RequestServices { get; init; }

    /// <summary>The value given as <see cref="FieldContext.Source"/> to root fields.</summary>
    public object? RootValue { get; init; }

    /// <summary>Any object for resolvers (<see cref="FieldContext.UserContext"/>).</summary>
    public object? UserContext { get; init; }

    /// <summary>Per-request items (a new dictionary when null).</summary>
    public IDictionary<object, object?>? Items { get; init; }

    /// <summary>Request cancellation (e.g. HttpContext.RequestAborted).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Called once the document is parsed and validated, its limits checked and its variables coerced, just before
    /// execution, with the operation's estimated cost (see <see cref="GraphQLLimits.MaxCost"/>; computed even when
    /// that limit is off). Returning false ends the request with <see cref="RequestErrorKind.NotAdmitted"/>, nothing
    /// executed. Null: every request is executed.
    /// </summary>
    public Func<long, CancellationToken, ValueTask<bool>>? Admit { get; init; }
}

/// <summary>
/// Executes GraphQL requests against a schema: limit checks, cached parse + validation, operation selection,
/// variable coercion, cost check and execution with a timeout. Thread-safe; create one per schema.
/// </summary>
public sealed class GraphQLEngine
{
    private readonly DocumentCache _cache;
    private readonly IReadOnlyList<IValidationRule> _rules;

    /// <summary>Creates an engine.</summary>
    public GraphQLEngine(GraphQLSchema schema, GraphQLEngineOptions? options = null)
    {
        Schema = schema;
        Options = options ?? new GraphQLEngineOptions();
        _cache = new DocumentCache(Options.DocumentCacheSize, (long)Options.DocumentCacheMegabytes * 1024 * 1024,
            (long)Options.DocumentCacheMaxEntryKilobytes * 1024);
        _rules = Options.ValidationRules ?? SpecifiedRules.All;
    }

    /// <summary>The schema.</summary>
    public GraphQLSchema Schema { get; }

    /// <summary>The options.</summary>
    public GraphQLEngineOptions Options { get; }

    private GraphQLLimits Limits => Options.Limits;

    /// <summary>Number of documents currently in the parse/validation cache (diagnostics).</summary>
    public int CachedDocumentCount => _cache.Count;

    /// <summary>Estimated bytes held by the parse/validation cache, keys included (diagnostics).</summary>
    public long CachedDocumentBytes => _cache.Bytes;

    private static GraphQLError RequestError(string message, string code) => new(message, code: code);

    /// <summary>
    /// Finds the operation a request would run (for transports that must know it before executing, e.g. to
    /// refuse mutations over GET). Returns null when the document is invalid or the operation cannot be chosen.
    /// </summary>
    public OperationType? GetOperationType(string query, string? operationName)
    {
        var prepared = Prepare(query);
        if (prepared.Document is null) return null;
        return SelectOperation(prepared.Document, operationName, out _)?.Operation;
    }

    /// <summary>Executes a request.</summary>
    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, ExecutionOptions? options = null)
    {
        options ??= new ExecutionOptions();
        var query = request.Query;
        if (string.IsNullOrEmpty(query))
        {
            return ExecutionResult.FromRequestError(RequestErrorKind.BadRequest, RequestError("Must provide query string.", ErrorCodes.BadRequest));
        }
        if (Limits.MaxDocumentLength is int maxLength && query.Length > maxLength)
        {
            return ExecutionResult.FromRequestError(RequestErrorKind.Limit,
                RequestError($"Document length {query.Length} exceeds the maximum of {maxLength} characters.", ErrorCodes.DocumentTooLarge));
        }

        var prepared = Prepare(query);
        if (prepared.Errors is not null) return ExecutionResult.FromRequestError(prepared.ErrorKind, [.. prepared.Errors]);
        var document = prepared.Document!;

        var operation = SelectOperation(document, request.OperationName, out var operationError);
        if (operation is null) return ExecutionResult.FromRequestError(RequestErrorKind.BadRequest, operationError!);

        if (operation.Operation != OperationType.Query)
        {
            var name = Printer.OperationName(operation.Operation);
            var message = Schema.GetRootType(operation.Operation) is null
                ? $"Schema is not configured to execute {name} operation."
                : $"This server does not support {name} operations; only queries can be executed.";
            return ExecutionResult.FromRequestError(RequestErrorKind.UnsupportedOperation, new GraphQLError(message, [new SourceLocation(operation.Location.Line, operation.Location.Column)], code: ErrorCodes.OperationNotSupported));
        }

        var variables = ValueCoercion.CoerceVariableValues(Schema, operation, request.Variables, out var variableErrors);
        if (variableErrors.Count > 0)
        {
            return ExecutionResult.FromRequestError(RequestErrorKind.BadRequest, variableErrors.Select(e => e.WithCode(ErrorCodes.BadUserInput)).ToArray());
        }

        if (Limits.MaxCost is not null || options.Admit is not null)
        {
            var estimate = LimitsAnalyzer.EstimateCost(Schema, operation, prepared.Fragments, variables, Limits);
            if (Limits.MaxCost is long maxCost && (estimate.Stopped || estimate.Cost > maxCost))
            {
                var message = estimate.Stopped
                    ? $"Query cost exceeds the maximum allowed cost of {maxCost} (measuring stopped at {FormatCost(estimate.Cost)})."
                    : $"Query cost {FormatCost(estimate.Cost)} exceeds the maximum allowed cost of {maxCost}.";
                return ExecutionResult.FromRequestError(RequestErrorKind.Limit, RequestError(message, ErrorCodes.MaxCostExceeded));
            }
            if (options.Admit is { } admit)
            {
                long cost = estimate.Cost >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling(estimate.Cost);
                if (!await admit(cost, options.CancellationToken).ConfigureAwait(false))
                {
                    return new ExecutionResult(null, false, null, RequestErrorKind.NotAdmitted);
                }
            }
        }

        // One source for the request's cancellation, the timeout, and stopping work when the result grows too large.
        using var execution = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        if (Limits.ExecutionTimeout is TimeSpan timeout) execution.CancelAfter(timeout);
        var context = new ExecutionContext
        {
            Schema = Schema,
            Operation = operation,
            Variables = variables,
            Fragments = prepared.Fragments,
            Items = options.Items ?? new ConcurrentDictionary<object, object?>(),
            RequestServices = options.RequestServices ?? EmptyServiceProvider.Instance,
            CancellationToken = execution.Token,
            UserContext = options.UserContext,
            RootValue = options.RootValue,
            OnUnexpectedError = Options.OnUnexpectedError,
            MaxResultNodes = Limits.MaxResultNodes,
            MaxResponseBytes = Limits.MaxResponseBytes,
        };
        try
        {
            return await context.ExecuteAsync(Schema.QueryType).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (execution.IsCancellationRequested && !options.CancellationToken.IsCancellationRequested)
        {
            await context.DrainAsync(DrainBound).ConfigureAwait(false);
            return new ExecutionResult(null, true,
                [RequestError($"Execution exceeded the time limit of {Limits.ExecutionTimeout!.Value.TotalMilliseconds:0} ms.", ErrorCodes.Timeout)],
                RequestErrorKind.None);
        }
        catch (ResponseTooLargeException ex)
        {
            // Resolvers still running (database reads of the next level) have nothing left to feed.
            await execution.CancelAsync().ConfigureAwait(false);
            await context.DrainAsync(DrainBound).ConfigureAwait(false);
            return new ExecutionResult(null, true, [RequestError(ex.Message, ErrorCodes.ResponseTooLarge)], RequestErrorKind.None);
        }
        catch (OperationCanceledException)
        {
            // The client has gone: its resolvers are cancelled; wait for them before the request's services go.
            await context.DrainAsync(DrainBound).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Longest wait for resolvers still running after execution stopped early. They have been cancelled, so they end
    /// at their next check; the bound keeps one that ignores its token from holding the request for ever.
    /// </summary>
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(5);

    private static string FormatCost(double cost) => cost >= 1e15 ? cost.ToString("0.###e+0", System.Globalization.CultureInfo.InvariantCulture) : cost.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    private PreparedDocument Prepare(string query)
    {
        if (_cache.TryGet(query, out var cached)) return cached;
        var prepared = PrepareUncached(query);
        _cache.Add(query, prepared);
        return prepared;
    }

    private PreparedDocument PrepareUncached(string query)
    {
        DocumentNode document;
        try
        {
            document = Parser.Parse(query, new ParserOptions { MaxTokens = Limits.MaxTokens });
        }
        catch (GraphQLSyntaxException ex)
        {
            return new PreparedDocument { Errors = [ex.Error], ErrorKind = RequestErrorKind.Parse };
        }
        var fragments = LimitsAnalyzer.Fragments(document);

        // Aliases and depth are checked before validation: some validation rules are expensive on hostile documents.
        if (Limits.MaxAliases is int maxAliases)
        {
            long aliases = LimitsAnalyzer.CountAliases(document);
            if (aliases > maxAliases)
            {
                var count = aliases == long.MaxValue ? "countless" : aliases.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new PreparedDocument
                {
                    Errors = [RequestError($"Query uses {count} aliases (fragments expanded), more than the maximum of {maxAliases}.", ErrorCodes.MaxAliasesExceeded)],
                    ErrorKind = RequestErrorKind.Limit,
                };
            }
        }
        if (Limits.MaxDepth is int maxDepth)
        {
            foreach (var def in document.Definitions)
            {
                if (def is not OperationDefinitionNode op) continue;
                int depth = LimitsAnalyzer.Depth(op, fragments);
                if (depth > maxDepth)
                {
                    return new PreparedDocument
                    {
                        Errors = [RequestError($"Query depth {depth} exceeds the maximum allowed depth of {maxDepth}.", ErrorCodes.MaxDepthExceeded)],
                        ErrorKind = RequestErrorKind.Limit,
                    };
                }
            }
        }

        var errors = DocumentValidator.Validate(Schema, document, _rules);
        if (errors.Count > 0)
        {
            return new PreparedDocument
            {
                Errors = errors.Select(e => e.Code is null ? e.WithCode(ErrorCodes.ValidationFailed) : e).ToArray(),
                ErrorKind = RequestErrorKind.Validation,
            };
        }
        return new PreparedDocument { Document = document, Fragments = fragments };
    }

    /// <summary>Spec GetOperation(): by name, or the only operation.</summary>
    private static OperationDefinitionNode? SelectOperation(DocumentNode document, string? operationName, out GraphQLError? error)
    {
        error = null;
        OperationDefinitionNode? operation = null;
        foreach (var def in document.Definitions)
        {
            if (def is not OperationDefinitionNode op) continue;
            if (operationName is null)
            {
                if (operation is not null)
                {
                    error = RequestError("Must provide operation name if query contains multiple operations.", ErrorCodes.BadRequest);
                    return null;
                }
                operation = op;
            }
            else if (op.Name?.Value == operationName)
            {
                operation = op;
            }
        }
        if (operation is null)
        {
            error = operationName is not null
                ? RequestError($"Unknown operation named \"{operationName}\".", ErrorCodes.BadRequest)
                : RequestError("Must provide an operation.", ErrorCodes.BadRequest);
        }
        return operation;
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();
        public object? GetService(Type serviceType) => null;
    }
}
