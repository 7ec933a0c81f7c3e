using System.Text;
using OpenData.GraphQL.Validation;
using static OpenData.GraphQL.Tests.Validation.ValidationTestSupport;

namespace OpenData.GraphQL.Tests.Validation;

public class FieldSelectionMergingRuleTests
{
    private static readonly FieldSelectionMergingRule Rule = new();

    private const string Suffix = ". Use different aliases on the fields to fetch both if this was intentional.";

    [Fact]
    public void Identical_and_differently_named_fields_are_valid()
        => AssertValid(Rule, """
            { dog { name name other: name doesKnowCommand(dogCommand: SIT) ...F ... on Dog { doesKnowCommand(dogCommand: SIT) } } }
            fragment F on Dog { doesKnowCommand(dogCommand: SIT) name }
            """);

    [Fact]
    public void Same_arguments_written_in_another_order_are_the_same_field()
        => AssertValid(Rule, """
            { arguments { multipleRequirements(x: 1, y: 2) multipleRequirements(y: 2, x: 1)
              complexArgField(complexArg: { requiredField: true, intField: 1 }) complexArgField(complexArg: { intField: 1, requiredField: true }) } }
            """);

    [Fact]
    public void Fields_on_different_object_types_may_differ_in_name_and_arguments()
        => AssertValid(Rule, """
            { catOrDog {
                ... on Dog { doesKnowCommand(dogCommand: SIT) volume: barkVolume }
                ... on Cat { doesKnowCommand(catCommand: JUMP) volume: meowVolume }
            } }
            """);

    [Fact]
    public void Different_fields_under_one_response_name_are_reported()
        => AssertErrors(Rule, "{ dog { name: nickname name } }",
            "Fields \"name\" conflict because \"nickname\" and \"name\" are different fields" + Suffix + " @ 1:9, 1:24");

    [Fact]
    public void Different_arguments_are_reported_also_when_one_side_has_none()
        => AssertErrors(Rule, "{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) isHouseTrained isHouseTrained(atOtherHomes: true) } }",
            "Fields \"doesKnowCommand\" conflict because they have differing arguments" + Suffix + " @ 1:9, 1:42",
            "Fields \"isHouseTrained\" conflict because they have differing arguments" + Suffix + " @ 1:76, 1:91");

    [Fact]
    public void Different_variables_are_different_arguments()
        => AssertErrors(Rule, "query ($a: Boolean, $b: Boolean) { dog { isHouseTrained(atOtherHomes: $a) isHouseTrained(atOtherHomes: $b) } }",
            "Fields \"isHouseTrained\" conflict because they have differing arguments" + Suffix + " @ 1:42, 1:75");

    [Fact]
    public void Conflicts_between_fragments_and_fields_are_reported()
        => AssertErrors(Rule, "{ dog { ...A ...B x: nickname } }\nfragment A on Dog { x: name }\nfragment B on Dog { x: barkVolume }",
            "Fields \"x\" conflict because \"nickname\" and \"name\" are different fields" + Suffix + " @ 1:19, 2:21",
            "Fields \"x\" conflict because \"name\" and \"barkVolume\" are different fields" + Suffix + " @ 2:21, 3:21",
            "Fields \"x\" conflict because \"nickname\" and \"barkVolume\" are different fields" + Suffix + " @ 1:19, 3:21");

    [Fact]
    public void Conflicting_return_types_are_reported_even_under_different_object_types()
        => AssertErrors(Rule, "{ catOrDog { ... on Dog { volume: barkVolume } ... on Cat { volume: name } } }",
            "Fields \"volume\" conflict because they return conflicting types \"Int\" and \"String!\"" + Suffix + " @ 1:27, 1:61");

    [Fact]
    public void List_and_non_list_types_conflict_and_outer_selection_sets_are_reported_first()
        => AssertErrors(Rule, "{ catOrDog { ... on Dog { x: owner { name } } ... on Cat { x: name } } human { pets { name } } human { ... on Human { pets: name } } }",
            "Fields \"human\" conflict because subfields \"pets\" conflict because \"pets\" and \"name\" are different fields" + Suffix + " @ 1:72, 1:80, 1:96, 1:119",
            "Fields \"x\" conflict because they return conflicting types \"Human\" and \"String!\"" + Suffix + " @ 1:27, 1:60");

    [Fact]
    public void Conflicts_deep_in_sub_selections_are_reported_at_the_top_with_every_level()
        => AssertErrors(Rule, "{\n  dog { owner { name } }\n  dog { owner { name: iq } }\n}",
            "Fields \"dog\" conflict because subfields \"owner\" conflict because subfields \"name\" conflict because \"name\" and \"iq\" are different fields"
            + Suffix + " @ 2:3, 2:9, 2:17, 3:3, 3:9, 3:17");

    [Fact]
    public void Several_sub_field_conflicts_are_joined_in_one_message()
        => AssertErrors(Rule, "{ dog { owner { a: name b: iq } } dog { owner { a: iq b: name } } }",
            "Fields \"dog\" conflict because subfields \"owner\" conflict because subfields \"a\" conflict because \"name\" and \"iq\" are different fields and subfields \"b\" conflict because \"iq\" and \"name\" are different fields"
            + Suffix + " @ 1:3, 1:9, 1:17, 1:25, 1:35, 1:41, 1:49, 1:55");

    [Fact]
    public void Conflicts_inside_an_inline_fragment_are_reported_once()
        => AssertErrors(Rule, "{ dog { ... on Dog { name: nickname name } } }",
            "Fields \"name\" conflict because \"nickname\" and \"name\" are different fields" + Suffix + " @ 1:22, 1:37");

    [Fact]
    public void Recursive_fragments_do_not_loop()
        => AssertValid(Rule, "{ dog { ...F } } fragment F on Dog { name mother { ...F } }");

    [Fact]
    public void Many_nested_fragments_spread_many_times_validate_quickly()
    {
        // Each fragment spreads the next one twice, under two fields: without the memoised comparisons the
        // work doubles with every level (2^40 comparisons here).
        var document = new StringBuilder("{ dog { ...F0 } }\n");
        for (int i = 0; i < 40; i++)
        {
            document.Append($"fragment F{i} on Dog {{ name mother {{ ...F{i + 1} }} mother {{ ...F{i + 1} }} owner {{ name }} }}\n");
        }
        document.Append("fragment F40 on Dog { name: nickname }\n");
        AssertValid(Rule, document.ToString());
    }

    [Fact]
    public void Thousands_of_repetitions_of_one_field_abort_validation_instead_of_running_long()
    {
        var document = "{ dog { " + string.Concat(Enumerable.Repeat("name ", 3000)) + "nickname } }";
        var errors = Validate(document, Rule).Select(e => e.Message).ToList();
        Assert.Equal("Validation aborted.", errors[^1]);
    }
}

public class MaxIntrospectionDepthRuleTests
{
    private static readonly MaxIntrospectionDepthRule Rule = new();

    [Fact]
    public void The_usual_introspection_query_depth_is_valid()
        => AssertValid(Rule, "{ __schema { types { fields { type { name ofType { name } } args { name } } interfaces { name } possibleTypes { name } inputFields { name } } } }");

    [Fact]
    public void Three_nested_introspection_lists_are_reported_also_through_fragments()
        => AssertErrors(Rule, """
            { __type(name: "Dog") { ...T } }
            fragment T on __Type { fields { type { interfaces { possibleTypes { name } } } } }
            """,
            "Maximum introspection depth exceeded @ 1:3");
}

public class SpecifiedRulesTests
{
    [Fact]
    public void All_rules_run_in_the_graphql_js_order_of_errors()
        => Assert.Equal(
            [
                "Unknown argument \"arg\" on field \"Query.dog\". @ 2:7",
                "Cannot query field \"unknown\" on type \"Dog\". @ 3:5",
                "Field \"owner\" of type \"Human\" must have a selection of subfields. Did you mean \"owner { ... }\"? @ 4:5",
                "Unknown fragment \"Nope\". @ 5:8",
                "Variable \"$v\" is never used in operation \"Q\". @ 1:9",
                "Fragment \"Unused\" is never used. @ 8:1",
            ],
            Validate("query Q($v: Int) {\n  dog(arg: 1) {\n    unknown\n    owner\n    ...Nope\n  }\n}\nfragment Unused on Cat { name }").Select(Format));

    [Fact]
    public void A_valid_document_has_no_errors_with_all_rules()
        => Assert.Empty(Validate("query Q($cmd: DogCommand!) { dog { ...F } } fragment F on Dog { name doesKnowCommand(dogCommand: $cmd) }"));

    [Fact]
    public void Every_spec_rule_is_registered_once()
    {
        var names = SpecifiedRules.All.Select(r => r.GetType().Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(31, names.Count);
    }
}
