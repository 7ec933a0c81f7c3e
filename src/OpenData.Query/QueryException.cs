namespace OpenData.Query;

/// <summary>What went wrong with a query, as a stable kind the front doors map to their own error shape
/// (REST: a problem type URI; GraphQL: <c>extensions.code</c>).</summary>
public enum QueryErrorKind
{
    /// <summary>A parameter or field name that is not documented.</summary>
    UnknownParameter,
    /// <summary>A documented parameter with a value that cannot be used.</summary>
    InvalidParameter,
    /// <summary>A paging cursor that is not one this server made for this dataset and sort.</summary>
    InvalidCursor,
    /// <summary>A filter larger than the limits of <see cref="FilterLimits"/> (details in <see cref="QueryError.Complexity"/>).</summary>
    FilterTooComplex,
}

/// <summary>One error in a query, naming the parameter (REST) or argument path (GraphQL) at fault.</summary>
public sealed record QueryError(QueryErrorKind Kind, string Parameter, string Message)
{
    /// <summary>For <see cref="QueryErrorKind.FilterTooComplex"/>: the limit, the count and the part over it, for
    /// the front door to word the error in its own terms.</summary>
    public FilterComplexity? Complexity { get; init; }
}

/// <summary>Thrown by the query layer for errors in what was asked (never for server faults).</summary>
public sealed class QueryException : Exception
{
    public QueryException(IReadOnlyList<QueryError> errors)
        : base(string.Join("; ", errors.Select(e => $"{e.Parameter}: {e.Message}")))
    {
        Errors = errors;
    }

    public QueryException(QueryErrorKind kind, string parameter, string message)
        : this([new QueryError(kind, parameter, message)])
    {
    }

    public IReadOnlyList<QueryError> Errors { get; }
}
