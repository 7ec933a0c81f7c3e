using OpenData.GraphQL.Validation;
using static OpenData.GraphQL.Tests.Validation.ValidationTestSupport;

namespace OpenData.GraphQL.Tests.Validation;

public class DirectivesAreDefinedRuleTests
{
    private static readonly DirectivesAreDefinedRule Rule = new();

    [Fact]
    public void Built_in_and_schema_directives_are_valid()
        => AssertValid(Rule, "query Q @onQuery { dog @include(if: true) { name @skip(if: false) @onField } }");

    [Fact]
    public void Unknown_directives_are_reported()
        => AssertErrors(Rule, "{ dog @unknown { name @alsoUnknown(x: 1) } }",
            "Unknown directive \"@unknown\". @ 1:7",
            "Unknown directive \"@alsoUnknown\". @ 1:23");
}

public class DirectivesAreInValidLocationsRuleTests
{
    private static readonly DirectivesAreInValidLocationsRule Rule = new();

    [Fact]
    public void Directives_at_their_declared_locations_are_valid()
        => AssertValid(Rule, """
            query Q($v: Int @onVariable) @onQuery { dog { name @onField ...F @onFragment ... @onFragment { name } } }
            fragment F on Dog @onFragment { name }
            """);

    [Fact]
    public void Directives_elsewhere_are_reported_with_the_location_used()
        => AssertErrors(Rule, "query Q($v: Int @onField) @include(if: true) { dog @onQuery { ...F @onField } }\nfragment F on Dog @skip(if: true) { name }",
            "Directive \"@onField\" may not be used on VARIABLE_DEFINITION. @ 1:17",
            "Directive \"@include\" may not be used on QUERY. @ 1:27",
            "Directive \"@onQuery\" may not be used on FIELD. @ 1:52",
            "Directive \"@onField\" may not be used on FRAGMENT_SPREAD. @ 1:68",
            "Directive \"@skip\" may not be used on FRAGMENT_DEFINITION. @ 2:19");

    [Fact]
    public void Unknown_directives_are_left_to_the_defined_rule()
        => AssertValid(Rule, "{ dog @unknown { name } }");
}

public class DirectivesAreUniquePerLocationRuleTests
{
    private static readonly DirectivesAreUniquePerLocationRule Rule = new();

    [Fact]
    public void Different_directives_and_repeatable_ones_are_valid()
        => AssertValid(Rule, "{ dog @include(if: true) @skip(if: false) { name @repeatableOnField @repeatableOnField nickname @skip(if: true) } }");

    [Fact]
    public void A_repeated_non_repeatable_directive_is_reported_at_both()
        => AssertErrors(Rule, "{ dog { name @skip(if: true) @onField @skip(if: false) @onField @onField } }",
            "The directive \"@skip\" can only be used once at this location. @ 1:14, 1:39",
            "The directive \"@onField\" can only be used once at this location. @ 1:30, 1:56",
            "The directive \"@onField\" can only be used once at this location. @ 1:30, 1:65");
}
