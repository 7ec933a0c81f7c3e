using Microsoft.EntityFrameworkCore;
using OpenData.Query;

namespace OpenData.Tests.Query;

/// <summary>Filter trees run as SQL: which rows each operator keeps, nulls included.</summary>
public sealed class FilterTranslatorTests : IDisposable
{
    private readonly QueryStore _store = new();

    private List<string> Codes(FilterNode filter)
    {
        var predicate = FilterTranslator.ToPredicate<OpenData.Store.Area>(AreaDto.Dataset, filter);
        var rows = predicate is null ? _store.Db.Areas : _store.Db.Areas.Where(predicate);
        return rows.OrderBy(a => a.Code).Select(a => a.Code).ToList();
    }

    private static ConditionFilter Where(string field, FilterOperator op, object? value) => new(field, op, value);

    [Theory]
    [InlineData("type", FilterOperator.Eq, "ward", "a1,a2,a3")]
    [InlineData("type", FilterOperator.Neq, "ward", "a4,a5,b1")]
    [InlineData("parent_code", FilterOperator.Neq, "b1", "a3,a4,a5,b1")]
    [InlineData("hectares", FilterOperator.Gt, 10.0, "b1")]
    [InlineData("hectares", FilterOperator.Gte, 10.0, "a1,a3,b1")]
    [InlineData("hectares", FilterOperator.Lt, 10.0, "a4")]
    [InlineData("hectares", FilterOperator.Lte, "10", "a1,a3,a4")]
    [InlineData("name", FilterOperator.Contains, "ALPHA", "a1,a2")]
    [InlineData("name", FilterOperator.Contains, "100%", "a3")]
    [InlineData("name", FilterOperator.Contains, "_x_", "a3")]
    [InlineData("name", FilterOperator.Contains, "%", "a3")]
    [InlineData("name", FilterOperator.StartsWith, "al", "a1,a2")]
    [InlineData("name", FilterOperator.EndsWith, "TA", "a5")]
    [InlineData("name", FilterOperator.Gt, "Gamma", "a2,a5")]
    [InlineData("valid_to", FilterOperator.Lt, "2014-01-01", "a5")]
    [InlineData("valid_to", FilterOperator.IsNull, true, "a1,a3,a4,b1")]
    [InlineData("valid_to", FilterOperator.IsNull, "false", "a2,a5")]
    [InlineData("parent_code", FilterOperator.Eq, null, "a3,a5,b1")]
    [InlineData("has_boundary", FilterOperator.Eq, true, "a1,a2,a3")]
    [InlineData("has_boundary", FilterOperator.Neq, true, "a4,a5,b1")]
    public void Each_operator_keeps_the_rows_it_names(string field, FilterOperator op, object? value, string expected)
    {
        Assert.Equal(expected.Split(','), Codes(Where(field, op, value)));
    }

    [Fact]
    public void In_and_nin_take_lists_of_any_enumerable()
    {
        Assert.Equal(["a4", "a5", "b1"], Codes(Where("type", FilterOperator.In, new[] { "estate", "borough" })));
        Assert.Equal(["a1", "a2", "a3"], Codes(Where("type", FilterOperator.Nin, new List<object> { "estate", "borough" })));
        Assert.Equal(["a1", "a3", "a4"], Codes(Where("hectares", FilterOperator.In, "10,2.5")));
        Assert.Equal(["a3", "a4", "a5", "b1"], Codes(Where("parent_code", FilterOperator.Nin, new[] { "b1" })));
    }

    [Fact]
    public void And_or_trees_nest()
    {
        var filter = FilterNode.Or(
            FilterNode.And(Where("type", FilterOperator.Eq, "ward"), Where("hectares", FilterOperator.IsNull, true)),
            Where("type", FilterOperator.Eq, "borough"));
        Assert.Equal(["a2", "b1"], Codes(filter));
        Assert.Empty(Codes(FilterNode.Or()));
        Assert.Equal(6, Codes(FilterNode.And()).Count);
        Assert.Equal(6, Codes(FilterNode.Or(FilterNode.And(), Where("type", FilterOperator.Eq, "estate"))).Count);
    }

    [Theory]
    [InlineData(FilterOperator.Eq, "x")]
    [InlineData(FilterOperator.Neq, "Wards")]
    [InlineData(FilterOperator.In, "ward,x")]
    [InlineData(FilterOperator.Nin, "x")]
    public void A_closed_set_field_refuses_equality_with_a_value_outside_its_set(FilterOperator op, string value)
    {
        var error = Assert.Throws<QueryException>(() => Codes(Where("type", op, value))).Errors.Single();
        Assert.Equal(QueryErrorKind.InvalidParameter, error.Kind);
        Assert.Contains("ward", error.Message);
    }

    [Theory]
    [InlineData(FilterOperator.Eq, "WARD")]
    [InlineData(FilterOperator.In, "Ward,Estate")]
    public void A_closed_set_value_in_other_capitals_is_the_value_of_the_set(FilterOperator op, string value)
    {
        var lower = op == FilterOperator.In ? "ward,estate" : "ward";
        Assert.NotEmpty(Codes(Where("type", op, lower)));
        Assert.Equal(Codes(Where("type", op, lower)), Codes(Where("type", op, value)));
    }

    [Fact]
    public void A_closed_set_field_still_takes_ranges_and_text_matching()
    {
        Assert.Equal(["a1", "a2", "a3", "b1"], Codes(Where("type", FilterOperator.In, "ward,borough")));
        Assert.Empty(Codes(Where("type", FilterOperator.StartsWith, "x")));
        Assert.Equal(["a1", "a2", "a3"], Codes(Where("type", FilterOperator.Gte, "w")));
    }

    [Fact]
    public void Not_negates_with_empty_fields_matching_like_ne()
    {
        Assert.Equal(["a3", "a4", "a5", "b1"], Codes(FilterNode.Not(Where("name", FilterOperator.StartsWith, "AL"))));
        Assert.Equal(["a2", "a4", "a5"], Codes(FilterNode.Not(Where("hectares", FilterOperator.Gte, 10.0))));
        Assert.Equal(["a1", "a2", "a3", "a4", "a5", "b1"], Codes(FilterNode.Not(Where("parent_code", FilterOperator.Contains, "zz"))));
        Assert.Empty(Codes(FilterNode.Not(FilterNode.And())));
    }

    [Fact]
    public void Values_from_graphql_are_coerced_to_the_field_type()
    {
        Assert.Equal(["a1", "a3", "b1"], Codes(Where("hectares", FilterOperator.Gte, 10)));
        Assert.Equal(["a1", "a3", "b1"], Codes(Where("hectares", FilterOperator.Gte, 10L)));
    }

    [Theory]
    [InlineData("nope", FilterOperator.Eq, "x", QueryErrorKind.UnknownParameter)]
    [InlineData("hectares", FilterOperator.Contains, "1", QueryErrorKind.InvalidParameter)]
    [InlineData("hectares", FilterOperator.Eq, "ten", QueryErrorKind.InvalidParameter)]
    [InlineData("code", FilterOperator.IsNull, true, QueryErrorKind.InvalidParameter)]
    [InlineData("valid_to", FilterOperator.IsNull, "perhaps", QueryErrorKind.InvalidParameter)]
    [InlineData("has_boundary", FilterOperator.Eq, 1.5, QueryErrorKind.InvalidParameter)]
    public void Bad_conditions_are_query_errors_naming_their_origin(string field, FilterOperator op, object value, QueryErrorKind kind)
    {
        var condition = new ConditionFilter(field, op, value) { Origin = "where." + field };
        var error = Assert.Throws<QueryException>(() => Codes(condition)).Errors.Single();
        Assert.Equal(kind, error.Kind);
        Assert.Equal(new QuerySubject(QueryInput.Filter, field, "where." + field), error.Subject);
    }

    [Fact]
    public void Values_are_sent_as_sql_parameters_not_inlined()
    {
        var predicate = FilterTranslator.ToPredicate<OpenData.Store.Area>(AreaDto.Dataset, Where("name", FilterOperator.Eq, "O'Brien"))!;
        var sql = _store.Db.Areas.Where(predicate).ToQueryString();
        var where = sql[sql.IndexOf("WHERE", StringComparison.Ordinal)..];
        Assert.Contains("= @", where, StringComparison.Ordinal);
        Assert.DoesNotContain("Brien", where, StringComparison.Ordinal);
    }

    public void Dispose() => _store.Dispose();
}
