using System.Collections;

namespace OpenData.Query;

/// <summary>Which part of a filter is over its limit.</summary>
public enum FilterPart
{
    /// <summary>One <c>in</c>/<c>nin</c> condition's list of values.</summary>
    List,
    /// <summary>One <c>and</c>/<c>or</c> group the client wrote (it has an <see cref="AndFilter.Origin"/> or <see cref="OrFilter.Origin"/>).</summary>
    Group,
    /// <summary>The whole filter.</summary>
    Filter,
    /// <summary>The nesting of <c>and</c>/<c>or</c> groups.</summary>
    Depth,
}

/// <summary>
/// A filter over <see cref="QueryOptions.MaxFilterTerms"/> or <see cref="QueryOptions.MaxFilterDepth"/>, in the
/// query layer's terms: which part, where the client wrote it (<see cref="ConditionFilter.Origin"/>; null for the
/// filter as a whole), how many terms (or levels) it has and how many are allowed. Each front door words it.
/// </summary>
public sealed record FilterComplexity(FilterPart Part, string? Origin, int Count, int Maximum);

/// <summary>
/// The size limits of a filter. A filter becomes one SQL expression, and a database has limits of its own that a
/// client must not reach: SQLite refuses an expression more than 1,000 deep ("Expression tree is too large"),
/// which an <c>or</c> of 999 conditions is, and every term is parsed, planned and evaluated per row. The limits
/// count what the client wrote: each condition is one term, each value of an <c>in</c>/<c>nin</c> list one term,
/// and an <c>and</c>/<c>or</c> operand with no condition in it one term; groups of two or more operands nested
/// inside each other are levels. Checked before the filter is translated, by every read of the query engine.
/// </summary>
public static class FilterLimits
{
    /// <summary>Throws <see cref="QueryException"/> of kind <see cref="QueryErrorKind.FilterTooComplex"/> when the
    /// filter is over a limit of <paramref name="options"/>.</summary>
    public static void Check(FilterNode? filter, QueryOptions options)
    {
        if (filter is null) return;
        CheckSearch(filter, options);
        var terms = Count(filter, options, depth: 0);
        if (terms > options.MaxFilterTerms) throw TooComplex(new FilterComplexity(FilterPart.Filter, OriginOf(filter), terms, options.MaxFilterTerms));
    }

    /// <summary>A search at the top of the filter: not longer than <see cref="QueryOptions.MaxSearchLength"/>, with a word in it.</summary>
    private static void CheckSearch(FilterNode filter, QueryOptions options)
    {
        var searches = filter is AndFilter and ? and.Operands.OfType<SearchFilter>() : filter is SearchFilter s ? [s] : [];
        foreach (var search in searches)
        {
            var subject = QuerySubject.Named(search.Origin);
            if (search.Text.Length > options.MaxSearchLength)
            {
                throw new QueryException(QueryErrorKind.InvalidParameter, subject, $"{search.Origin} is {search.Text.Length} characters long; a search may have at most {options.MaxSearchLength}.");
            }
            if (SearchIndex.Words(search.Text).Count == 0)
            {
                throw new QueryException(QueryErrorKind.InvalidParameter, subject, $"{search.Origin} has no word to search for: give one or more words (letters or digits).");
            }
        }
    }

    private static int Count(FilterNode node, QueryOptions options, int depth)
    {
        switch (node)
        {
            case ConditionFilter condition:
            {
                if (condition.Operator is not (FilterOperator.In or FilterOperator.Nin)) return 1;
                var values = ListLength(condition.Value);
                if (values > options.MaxFilterTerms)
                {
                    throw TooComplex(new FilterComplexity(FilterPart.List, condition.Origin ?? condition.Field, values, options.MaxFilterTerms));
                }
                return Math.Max(1, values);
            }
            case NotFilter not:
                return Count(not.Operand, options, depth);
            case AndFilter or OrFilter:
            {
                var (operands, origin) = node is AndFilter and ? (and.Operands, and.Origin) : (((OrFilter)node).Operands, ((OrFilter)node).Origin);
                // A group of one operand is no SQL AND/OR: only groups that combine count as a level.
                if (operands.Count > 1 && ++depth > options.MaxFilterDepth)
                {
                    throw TooComplex(new FilterComplexity(FilterPart.Depth, origin, depth, options.MaxFilterDepth));
                }
                var terms = 0;
                foreach (var operand in operands)
                {
                    terms += Math.Max(1, Count(operand, options, depth));
                    // Stop counting a hostile group early: its size is already known to be too large.
                    if (terms > options.MaxFilterTerms && origin is not null) break;
                }
                if (origin is not null && terms > options.MaxFilterTerms)
                {
                    throw TooComplex(new FilterComplexity(FilterPart.Group, origin, operands.Count > options.MaxFilterTerms ? operands.Count : terms, options.MaxFilterTerms));
                }
                return operands.Count == 0 ? 0 : terms;
            }
            default:
                return 1;
        }
    }

    /// <summary>The number of values of an in/nin value as the front doors pass it: a list, or REST's comma-separated text.</summary>
    private static int ListLength(object? value) => value switch
    {
        null => 0,
        string text => text.Count(c => c == ',') + 1,
        ICollection collection => collection.Count,
        IEnumerable items => items.Cast<object?>().Count(),
        _ => 1,
    };

    private static string? OriginOf(FilterNode node) => node switch
    {
        AndFilter and => and.Origin,
        OrFilter or => or.Origin,
        _ => null,
    };

    private static QueryException TooComplex(FilterComplexity complexity)
    {
        var what = complexity.Part switch
        {
            FilterPart.List => $"The list has {complexity.Count} values",
            FilterPart.Group => $"The group has {complexity.Count} terms",
            FilterPart.Depth => $"The filter nests and/or groups {complexity.Count} deep",
            _ => $"The filter has {complexity.Count} terms",
        };
        var limit = complexity.Part == FilterPart.Depth ? $"at most {complexity.Maximum} levels" : $"at most {complexity.Maximum} terms";
        var subject = new QuerySubject(complexity.Part == FilterPart.List ? QueryInput.Filter : QueryInput.WholeFilter, Origin: complexity.Origin);
        return new QueryException([new QueryError(QueryErrorKind.FilterTooComplex, subject, $"{what}; a filter may have {limit}.")
        {
            Complexity = complexity,
        }]);
    }
}
