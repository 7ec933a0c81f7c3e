using OpenData.GraphQL;
using OpenData.GraphQL.Execution;
using OpenData.Query;
using static OpenData.Api.GraphQL.DatasetTypes.GraphNames;

namespace OpenData.Api.GraphQL.DatasetTypes;

/// <summary>Query-layer errors as GraphQL errors: the client's mistake, with the argument at fault.</summary>
public static class QueryErrors
{
    /// <summary>extensions.code of a <c>where</c> over the filter limits (QueryOptions.MaxFilterTerms, MaxFilterDepth).</summary>
    public const string FilterTooComplex = "FILTER_TOO_COMPLEX";

    public static GraphQLException ToGraphQL(QueryException e)
    {
        if (e.Errors.FirstOrDefault(x => x.Complexity is not null)?.Complexity is { } complexity) return TooComplex(complexity);
        var errors = e.Errors.Select(InGraphQLTerms).ToList();
        var message = string.Join(" ", errors.Select(x => x.Message));
        return new GraphQLException(new GraphQLError(message, code: ErrorCodes.BadUserInput,
            extensions: new Dictionary<string, object?> { ["argument"] = ArgumentOf(errors[0].Subject) }));
    }

    /// <summary>
    /// The argument (path) that gives what an error is about: where the client wrote it when the schema recorded it
    /// (a <c>where</c> path, an <c>order</c> element), else GraphQL's name for the input.
    /// </summary>
    public static string ArgumentOf(QuerySubject subject) => subject.Origin ?? subject.Input switch
    {
        QueryInput.Filter => subject.Field is null ? "where" : "where." + Camel(subject.Field),
        QueryInput.WholeFilter => "where",
        QueryInput.Sort => "order",
        QueryInput.PageSize => "first",
        QueryInput.PageSizeFromEnd => "last",
        QueryInput.Cursor => "after",
        QueryInput.CursorBefore => "before",
        QueryInput.OffenceCategory => "category",
        QueryInput.PoliceUkCategory => "policeUk",
        QueryInput.RangeStart => "from",
        QueryInput.RangeEnd => "to",
        QueryInput.Latitude => "lat",
        QueryInput.Longitude => "lon",
        QueryInput.BoundarySet => "boundarySet",
        QueryInput.Grouping => "groupBy",
        QueryInput.PeriodLength => "period",
        QueryInput.Areas => "areaCodes",
        QueryInput.RowOrder => "sort",
        // A selection is the query's own: a field at fault is named as selected.
        _ => subject.Field is null ? "query" : Camel(subject.Field),
    };

    /// <summary>A filter over its limits, with the argument path at fault and the numbers, so a client can split it.</summary>
    private static GraphQLException TooComplex(FilterComplexity c)
    {
        var at = c.Origin ?? "where";
        var message = c.Part switch
        {
            FilterPart.List => $"{at} has {c.Count} values; a where filter may have at most {c.Maximum} terms (each condition, and each value of an in or nin list, is one).",
            FilterPart.Depth => $"{at} nests and/or {c.Count} deep; a where filter may nest and/or at most {c.Maximum} deep.",
            _ => $"{at} has {c.Count} terms; a where filter may have at most {c.Maximum} terms (each condition, and each value of an in or nin list, is one).",
        };
        return new GraphQLException(new GraphQLError(message, code: FilterTooComplex,
            extensions: new Dictionary<string, object?> { ["argument"] = at, ["count"] = c.Count, ["maximum"] = c.Maximum }));
    }

    /// <summary>
    /// An error in GraphQL's words where the query layer leaves the wording to the front door: two arguments that
    /// may not be given together, and a cursor this API did not make (every invalid cursor is one, see
    /// Cursor.Decode), for which a GraphQL client has pageInfo and edges rather than next links.
    /// </summary>
    private static QueryError InGraphQLTerms(QueryError error) => error switch
    {
        { ConflictsWith: { } other } => error with { Message = $"Give {ArgumentOf(other)} or {ArgumentOf(error.Subject)}, not both." },
        { Kind: QueryErrorKind.InvalidCursor } => error with
        {
            Message = "The cursor is not one this API made: pass pageInfo.endCursor, pageInfo.startCursor or an edge's cursor exactly as returned, with the same where and order.",
        },
        _ => error,
    };
}
