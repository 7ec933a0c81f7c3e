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

/// <summary>
/// The input of a query an error is about, in the query layer's terms. Each front door names it in its own
/// vocabulary (REST a query parameter, GraphQL an argument path): the query layer never spells a front door's name.
/// </summary>
public enum QueryInput
{
    /// <summary>An input only the front door knows (its own syntax: format, bom, group_by...), named by that front
    /// door in <see cref="QuerySubject.Origin"/>.</summary>
    Named,
    /// <summary>A condition on a field of the dataset (<see cref="QuerySubject.Field"/>).</summary>
    Filter,
    /// <summary>The filter as a whole (its size).</summary>
    WholeFilter,
    /// <summary>The sort (<see cref="QuerySubject.Field"/>: the field at fault, when one is).</summary>
    Sort,
    /// <summary>The fields selected (<see cref="QuerySubject.Field"/>: the field at fault).</summary>
    Fields,
    /// <summary>The size of a page counted from the start.</summary>
    PageSize,
    /// <summary>The size of a page counted back from the end.</summary>
    PageSizeFromEnd,
    /// <summary>The position a page continues after.</summary>
    Cursor,
    /// <summary>The position a page ends before.</summary>
    CursorBefore,
    /// <summary>An offence category id (any scheme).</summary>
    OffenceCategory,
    /// <summary>A police.uk category, as id or slug.</summary>
    PoliceUkCategory,
    /// <summary>The first month of a range of months.</summary>
    RangeStart,
    /// <summary>The last month of a range of months.</summary>
    RangeEnd,
    /// <summary>The latitude of a point (WGS84 degrees).</summary>
    Latitude,
    /// <summary>The longitude of a point (WGS84 degrees).</summary>
    Longitude,
    /// <summary>A ward boundary set.</summary>
    BoundarySet,
    /// <summary>The keys an aggregate is grouped by.</summary>
    Grouping,
    /// <summary>The length of an aggregate's periods (month, quarter, financial year, year).</summary>
    PeriodLength,
    /// <summary>The areas an aggregate is limited to (ward or borough codes).</summary>
    Areas,
    /// <summary>The order of an aggregate's rows by a measure (value, rate, change).</summary>
    RowOrder,
}

/// <summary>
/// What an error is about: an input of the query (<see cref="Input"/>), the dataset field concerned when there is
/// one (<see cref="Field"/>, its datapackage name), and, when the front door said where its client wrote it,
/// <see cref="Origin"/> in that front door's own spelling (a REST parameter, a GraphQL argument path): a front door
/// names the subject by its origin when there is one, else by its own name for the input.
/// </summary>
public sealed record QuerySubject(QueryInput Input, string? Field = null, string? Origin = null)
{
    /// <summary>A front door's own input, by the name it gave it.</summary>
    public static QuerySubject Named(string name) => new(QueryInput.Named, Origin: name);
}

/// <summary>One error in a query: what it is about, the offending value when there is one, and a message that says
/// what is wrong without naming a front door's parameter (the front door puts its own name beside it).</summary>
public sealed record QueryError(QueryErrorKind Kind, QuerySubject Subject, string Message)
{
    /// <summary>An error about a front door's own input (<see cref="QuerySubject.Named"/>).</summary>
    public QueryError(QueryErrorKind kind, string name, string message)
        : this(kind, QuerySubject.Named(name), message)
    {
    }

    /// <summary>The value at fault, as given, when there is one.</summary>
    public object? Value { get; init; }

    /// <summary>Set when the subject may not be given together with another input: that input. The front door
    /// words the error with both of its names.</summary>
    public QuerySubject? ConflictsWith { get; init; }

    /// <summary>For <see cref="QueryErrorKind.FilterTooComplex"/>: the limit, the count and the part over it, for
    /// the front door to word the error in its own terms.</summary>
    public FilterComplexity? Complexity { get; init; }
}

/// <summary>Thrown by the query layer for errors in what was asked (never for server faults).</summary>
public sealed class QueryException : Exception
{
    public QueryException(IReadOnlyList<QueryError> errors)
        : base(string.Join("; ", errors.Select(e => $"{e.Subject.Origin ?? e.Subject.Field ?? e.Subject.Input.ToString()}: {e.Message}")))
    {
        Errors = errors;
    }

    public QueryException(QueryErrorKind kind, QuerySubject subject, string message)
        : this([new QueryError(kind, subject, message)])
    {
    }

    public QueryException(QueryError error)
        : this([error])
    {
    }

    /// <summary>An error about a front door's own input, by the name it gave it (the query layer itself names
    /// a <see cref="QuerySubject"/>).</summary>
    public QueryException(QueryErrorKind kind, string name, string message)
        : this([new QueryError(kind, name, message)])
    {
    }

    public IReadOnlyList<QueryError> Errors { get; }
}
