using Microsoft.Extensions.Primitives;
using OpenData.Api.Rest;
using OpenData.Query;

namespace OpenData.Tests.Rest;

/// <summary>The query-string grammar, without HTTP: what each parameter turns into.</summary>
public sealed class QueryStringGrammarTests
{
    private static readonly QueryOptions Limits = new();

    private static (CollectionRequest? Request, IReadOnlyList<QueryError> Errors) Parse(IDataset dataset, string query, OutputFormat format = OutputFormat.Json)
    {
        var pairs = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        return QueryStringGrammar.ParseCollection(dataset, pairs, Limits, format);
    }

    private static IReadOnlyList<FilterNode> Conditions(CollectionRequest request) => ((AndFilter)request.Query.Filter!).Operands;

    [Fact]
    public void A_bare_field_is_an_equality_typed_by_the_field()
    {
        var (request, errors) = Parse(AreaDto.Dataset, "?hectares=60.179&has_boundary=true&valid_from=2014-05-22&code=E05009388");
        Assert.Empty(errors);
        Assert.Equal(
        [
            new ConditionFilter("hectares", FilterOperator.Eq, 60.179) { Origin = "hectares" },
            new ConditionFilter("has_boundary", FilterOperator.Eq, true) { Origin = "has_boundary" },
            new ConditionFilter("valid_from", FilterOperator.Eq, new DateOnly(2014, 5, 22)) { Origin = "valid_from" },
            new ConditionFilter("code", FilterOperator.Eq, "E05009388") { Origin = "code" },
        ], Conditions(request!));
    }

    [Theory]
    [InlineData("name__ne=x", FilterOperator.Neq)]
    [InlineData("hectares__lt=1", FilterOperator.Lt)]
    [InlineData("hectares__lte=1", FilterOperator.Lte)]
    [InlineData("hectares__gt=1", FilterOperator.Gt)]
    [InlineData("hectares__gte=1", FilterOperator.Gte)]
    [InlineData("name__contains=x", FilterOperator.Contains)]
    [InlineData("name__startswith=x", FilterOperator.StartsWith)]
    [InlineData("name__endswith=x", FilterOperator.EndsWith)]
    [InlineData("name__eq=x", FilterOperator.Eq)]
    public void Operators_follow_a_double_underscore(string query, FilterOperator op)
    {
        var (request, errors) = Parse(AreaDto.Dataset, "?" + query);
        Assert.Empty(errors);
        Assert.Equal(op, ((ConditionFilter)Conditions(request!)[0]).Operator);
    }

    [Fact]
    public void In_and_nin_take_comma_separated_values_of_the_field_type()
    {
        var (request, errors) = Parse(AreaDto.Dataset, "?hectares__in=1,2.5&type__nin=ward,borough");
        Assert.Empty(errors);
        var conditions = Conditions(request!).Cast<ConditionFilter>().ToList();
        Assert.Equal([1.0, 2.5], ((IEnumerable<object>)conditions[0].Value!).Cast<double>());
        Assert.Equal(["ward", "borough"], ((IEnumerable<object>)conditions[1].Value!).Cast<string>());
    }

    [Fact]
    public void Isnull_takes_true_or_false()
    {
        var (request, errors) = Parse(AreaDto.Dataset, "?parent_code__isnull=true&valid_to__isnull=false");
        Assert.Empty(errors);
        Assert.Equal([true, false], Conditions(request!).Cast<ConditionFilter>().Select(c => c.Value));
    }

    [Fact]
    public void Repeating_a_filter_is_an_error_naming_it_while_different_operators_on_one_field_combine()
    {
        var (request, errors) = Parse(AreaDto.Dataset, "?hectares__gt=1&hectares__gt=2");
        Assert.Null(request);
        Assert.Equal("hectares__gt", RestProblems.ParameterOf(Assert.Single(errors).Subject));
        var (range, none) = Parse(AreaDto.Dataset, "?hectares__gt=1&hectares__lte=2");
        Assert.Empty(none);
        Assert.Equal(2, Conditions(range!).Count);
    }

    [Fact]
    public void Sort_fields_and_limit_are_read()
    {
        var (request, errors) = Parse(AreaDto.Dataset, "?sort=type,-name&fields=name,code&limit=7&total=true");
        Assert.Empty(errors);
        Assert.Equal([new SortField("type", SortDirection.Ascending), new SortField("name", SortDirection.Descending)], request!.Query.Sort);
        Assert.Equal(["name", "code"], request.Selected.Select(f => f.Name));
        Assert.Equal(7, request.Limit);
        Assert.Equal(7, request.Query.Page.First);
        Assert.True(request.Query.IncludeTotal);
        Assert.Null(request.Query.Filter);
    }

    [Fact]
    public void Without_parameters_the_defaults_apply()
    {
        var (request, errors) = Parse(AreaDto.Dataset, "");
        Assert.Empty(errors);
        Assert.Equal(100, request!.Limit);
        Assert.Equal(AreaDto.Dataset.Fields, request.Selected);
        Assert.Null(request.Query.Fields);
        Assert.Empty(request.Query.Sort);
        Assert.False(request.Query.IncludeTotal);
    }

    [Theory]
    [InlineData("?colour=red", "colour", QueryErrorKind.UnknownParameter)]
    [InlineData("?name__like=x", "name__like", QueryErrorKind.UnknownParameter)]
    [InlineData("?nope__gt=1", "nope__gt", QueryErrorKind.UnknownParameter)]
    [InlineData("?hectares=big", "hectares", QueryErrorKind.InvalidParameter)]
    [InlineData("?hectares=NaN", "hectares", QueryErrorKind.InvalidParameter)]
    [InlineData("?valid_from=22/05/2014", "valid_from", QueryErrorKind.InvalidParameter)]
    [InlineData("?has_boundary=1", "has_boundary", QueryErrorKind.InvalidParameter)]
    [InlineData("?hectares__startswith=1", "hectares__startswith", QueryErrorKind.InvalidParameter)]
    [InlineData("?code__isnull=true", "code__isnull", QueryErrorKind.InvalidParameter)]
    [InlineData("?sort=-", "sort", QueryErrorKind.InvalidParameter)]
    [InlineData("?fields=", "fields", QueryErrorKind.InvalidParameter)]
    [InlineData("?limit=-1", "limit", QueryErrorKind.InvalidParameter)]
    [InlineData("?limit=1e3", "limit", QueryErrorKind.InvalidParameter)]
    [InlineData("?cursor=", "cursor", QueryErrorKind.InvalidParameter)]
    [InlineData("?bom=true", "bom", QueryErrorKind.InvalidParameter)]
    public void Errors_name_the_parameter(string query, string parameter, QueryErrorKind kind)
    {
        var (request, errors) = Parse(AreaDto.Dataset, query);
        Assert.Null(request);
        var error = Assert.Single(errors);
        Assert.Equal(parameter, RestProblems.ParameterOf(error.Subject));
        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void Bom_is_allowed_with_csv()
    {
        var (request, errors) = Parse(AreaDto.Dataset, "?bom=true", OutputFormat.Csv);
        Assert.Empty(errors);
        Assert.True(request!.Bom);
    }

    [Fact]
    public void Integer_fields_refuse_fractions_and_overflow()
    {
        Assert.Single(Parse(PriorityDto.Dataset, "?rank=1.5").Errors);
        Assert.Single(Parse(PriorityDto.Dataset, "?rank=99999999999").Errors);
        Assert.Empty(Parse(PriorityDto.Dataset, "?rank=-3").Errors);
    }

    [Fact]
    public void The_route_adds_its_default_filter_unless_told_otherwise()
    {
        static FilterNode? CurrentOnly(IReadOnlyDictionary<string, string> present) =>
            present.ContainsKey("include_superseded") ? null : new ConditionFilter("is_current", FilterOperator.Eq, true);
        var extras = new[] { new ExtraParameter("include_superseded", "d", "true", "boolean", _ => null) };
        var plain = QueryStringGrammar.ParseCollection(CrimeFigureDto.Dataset, new Dictionary<string, StringValues>(), Limits, OutputFormat.Json, extras, CurrentOnly);
        Assert.Equal([new ConditionFilter("is_current", FilterOperator.Eq, true)], ((AndFilter)plain.Request!.Query.Filter!).Operands);
        var all = QueryStringGrammar.ParseCollection(CrimeFigureDto.Dataset, new Dictionary<string, StringValues> { ["include_superseded"] = "true" }, Limits, OutputFormat.Json, extras, CurrentOnly);
        Assert.Null(all.Request!.Query.Filter);
    }
}
