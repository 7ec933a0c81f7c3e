using OpenData.GraphQL.Validation;
using static OpenData.GraphQL.Tests.Validation.ValidationTestSupport;

namespace OpenData.GraphQL.Tests.Validation;

public class FieldSelectionsRuleTests
{
    private static readonly FieldSelectionsRule Rule = new();

    [Fact]
    public void Defined_fields_and_meta_fields_are_valid()
        => AssertValid(Rule, """
            { __typename __schema { queryType { name } } __type(name: "Dog") { name }
              dog { name __typename } catOrDog { __typename ... on Dog { barkVolume } } pet { name } }
            """);

    [Fact]
    public void An_unknown_field_suggests_similar_field_names()
        => AssertErrors(Rule, "{ dog { nam meowVolume } }",
            "Cannot query field \"nam\" on type \"Dog\". Did you mean \"name\"? @ 1:9",
            "Cannot query field \"meowVolume\" on type \"Dog\". Did you mean \"barkVolume\"? @ 1:13");

    [Fact]
    public void A_field_of_some_implementations_suggests_inline_fragments_most_shared_first()
        => AssertErrors(Rule, "{ pet { barkVolume } catOrDog { name } }",
            "Cannot query field \"barkVolume\" on type \"Pet\". Did you mean to use an inline fragment on \"Dog\"? @ 1:9",
            "Cannot query field \"name\" on type \"CatOrDog\". Did you mean to use an inline fragment on \"Pet\", \"Cat\", or \"Dog\"? @ 1:33");

    [Fact]
    public void A_field_nobody_has_gets_no_suggestion()
        => AssertErrors(Rule, "{ dog { xyzzy } }", "Cannot query field \"xyzzy\" on type \"Dog\". @ 1:9");

    [Fact]
    public void Schema_meta_fields_exist_only_on_the_query_type()
        => AssertErrors(Rule, "{ dog { __schema { queryType { name } } } }", "Cannot query field \"__schema\" on type \"Dog\". @ 1:9");

    [Fact]
    public void Fields_below_an_unknown_field_are_not_checked()
        => AssertErrors(Rule, "{ unknown { alsoUnknown } }", "Cannot query field \"unknown\" on type \"Query\". @ 1:3");
}

public class LeafFieldSelectionsRuleTests
{
    private static readonly LeafFieldSelectionsRule Rule = new();

    [Fact]
    public void Leaves_without_and_objects_with_selections_are_valid()
        => AssertValid(Rule, "{ dog { name barkVolume doesKnowCommand(dogCommand: SIT) owner { name } } }");

    [Fact]
    public void A_selection_on_a_scalar_or_enum_is_reported_at_the_selection()
        => AssertErrors(Rule, "{ dog { name { length } } arguments { enumArgField { x } } }",
            "Field \"name\" must not have a selection since type \"String!\" has no subfields. @ 1:14",
            "Field \"enumArgField\" must not have a selection since type \"DogCommand\" has no subfields. @ 1:52");

    [Fact]
    public void An_object_union_or_list_field_without_selection_is_reported()
        => AssertErrors(Rule, "{ dog catOrDog human { pets } }",
            "Field \"dog\" of type \"Dog\" must have a selection of subfields. Did you mean \"dog { ... }\"? @ 1:3",
            "Field \"catOrDog\" of type \"CatOrDog\" must have a selection of subfields. Did you mean \"catOrDog { ... }\"? @ 1:7",
            "Field \"pets\" of type \"[Pet!]\" must have a selection of subfields. Did you mean \"pets { ... }\"? @ 1:24");
}

public class ArgumentNamesRuleTests
{
    private static readonly ArgumentNamesRule Rule = new();

    [Fact]
    public void Known_field_and_directive_arguments_are_valid()
        => AssertValid(Rule, "{ dog { doesKnowCommand(dogCommand: SIT) name @include(if: true) @withRequiredArg(arg: 1, optional: \"x\") } }");

    [Fact]
    public void Unknown_field_arguments_suggest_similar_names()
        => AssertErrors(Rule, "{ dog { doesKnowCommand(command: SIT) isHouseTrained(unknown: true) } }",
            "Unknown argument \"command\" on field \"Dog.doesKnowCommand\". Did you mean \"dogCommand\"? @ 1:25",
            "Unknown argument \"unknown\" on field \"Dog.isHouseTrained\". @ 1:54");

    [Fact]
    public void Unknown_directive_arguments_are_reported_but_not_those_of_unknown_directives()
        => AssertErrors(Rule, "{ dog { name @skip(iff: true) @nope(x: 1) } }",
            "Unknown argument \"iff\" on directive \"@skip\". Did you mean \"if\"? @ 1:20");

    [Fact]
    public void Arguments_of_unknown_fields_are_not_reported()
        => AssertValid(Rule, "{ dog { unknownField(x: 1) } }");
}

public class ArgumentUniquenessRuleTests
{
    private static readonly ArgumentUniquenessRule Rule = new();

    [Fact]
    public void Distinct_arguments_are_valid()
        => AssertValid(Rule, "{ arguments { multipleRequirements(x: 1, y: 2) } dog { name @skip(if: false) } }");

    [Fact]
    public void Repeated_field_and_directive_arguments_are_reported_at_every_repetition()
        => AssertErrors(Rule, "{ arguments { multipleRequirements(x: 1, x: 2, y: 3, x: 4) } dog { name @skip(if: true, if: false) } }",
            "There can be only one argument named \"x\". @ 1:36, 1:42, 1:54",
            "There can be only one argument named \"if\". @ 1:79, 1:89");
}

public class RequiredArgumentsRuleTests
{
    private static readonly RequiredArgumentsRule Rule = new();

    [Fact]
    public void Required_arguments_given_and_optional_ones_left_out_are_valid()
        => AssertValid(Rule, """
            { arguments { multipleRequirements(y: 1, x: 2) optionalNonNullBooleanArgField booleanArgField }
              dog { name @include(if: true) @withRequiredArg(arg: 1) } }
            """);

    [Fact]
    public void Missing_field_arguments_are_reported_at_the_field()
        => AssertErrors(Rule, "{ arguments { multipleRequirements } }",
            "Field \"multipleRequirements\" argument \"x\" of type \"Int!\" is required, but it was not provided. @ 1:15",
            "Field \"multipleRequirements\" argument \"y\" of type \"Int!\" is required, but it was not provided. @ 1:15");

    [Fact]
    public void Missing_directive_arguments_are_reported_at_the_directive()
        => AssertErrors(Rule, "{ dog { name @skip @withRequiredArg(optional: \"x\") } }",
            "Directive \"@skip\" argument \"if\" of type \"Boolean!\" is required, but it was not provided. @ 1:14",
            "Directive \"@withRequiredArg\" argument \"arg\" of type \"Int!\" is required, but it was not provided. @ 1:20");

    [Fact]
    public void Unknown_fields_are_left_to_the_field_rule()
        => AssertValid(Rule, "{ dog { unknown } }");
}
