using OpenData.GraphQL.Validation;
using static OpenData.GraphQL.Tests.Validation.ValidationTestSupport;

namespace OpenData.GraphQL.Tests.Validation;

public class FragmentNameUniquenessRuleTests
{
    private static readonly FragmentNameUniquenessRule Rule = new();

    [Fact]
    public void Distinct_fragment_names_are_valid()
        => AssertValid(Rule, "{ dog { ...A ...B } } fragment A on Dog { name } fragment B on Dog { nickname }");

    [Fact]
    public void A_repeated_fragment_name_is_reported_at_both_names()
        => AssertErrors(Rule, "{ dog { ...F } }\nfragment F on Dog { name }\nfragment F on Dog { nickname }",
            "There can be only one fragment named \"F\". @ 2:10, 3:10");
}

public class FragmentSpreadTypeExistenceRuleTests
{
    private static readonly FragmentSpreadTypeExistenceRule Rule = new();

    [Fact]
    public void Type_conditions_on_schema_types_are_valid()
        => AssertValid(Rule, "{ pet { ... on Dog { name } ... { name } ...F } } fragment F on Pet { name }");

    [Fact]
    public void Unknown_type_conditions_suggest_similar_type_names()
        => AssertErrors(Rule, "{ dog { ... on Doggo { name } ...F } }\nfragment F on NotInSchema { name }",
            "Unknown type \"Doggo\". Did you mean \"Dog\"? @ 1:16",
            "Unknown type \"NotInSchema\". Did you mean \"__Schema\"? @ 2:15");

    [Fact]
    public void Variable_types_are_left_to_the_known_type_names_rule()
        => AssertValid(Rule, "query ($x: Nope) { dog { name } }");
}

public class KnownTypeNamesRuleTests
{
    private static readonly KnownTypeNamesRule Rule = new();

    [Fact]
    public void Variables_of_schema_types_are_valid()
        => AssertValid(Rule, "query ($a: Int, $b: [DogCommand!]!, $c: ComplexInput) { dog { name } }");

    [Fact]
    public void Unknown_variable_types_are_reported_with_suggestions()
        => AssertErrors(Rule, "query ($a: Strin, $b: [Boolan!], $c: Xyzzy) { dog { name } }",
            "Unknown type \"Strin\". Did you mean \"String\"? @ 1:12",
            "Unknown type \"Boolan\". Did you mean \"Boolean\"? @ 1:24",
            "Unknown type \"Xyzzy\". @ 1:38");

    [Fact]
    public void Type_conditions_are_left_to_the_fragment_spread_type_existence_rule()
        => AssertValid(Rule, "{ dog { ... on Nope { name } } }");

    [Fact]
    public void Scalars_the_schema_does_not_use_are_unknown_in_operations()
    {
        var schema = OpenData.GraphQL.Types.SchemaBuilder.FromSdl("type Query { name: String }");
        var errors = Validate("query ($f: Float) { name }", Rule, schema).Select(Format);
        Assert.Equal(["Unknown type \"Float\". @ 1:12"], errors);
    }
}

public class FragmentsOnCompositeTypesRuleTests
{
    private static readonly FragmentsOnCompositeTypesRule Rule = new();

    [Fact]
    public void Fragments_on_objects_interfaces_and_unions_are_valid()
        => AssertValid(Rule, "{ dog { ...A } pet { ...B } catOrDog { ...C ... { __typename } } } fragment A on Dog { name } fragment B on Pet { name } fragment C on CatOrDog { __typename }");

    [Fact]
    public void Fragments_on_scalars_enums_and_input_objects_are_reported_at_the_condition()
        => AssertErrors(Rule, "{ dog { ... on Boolean { name } ...F } }\nfragment F on ComplexInput { name }",
            "Fragment cannot condition on non composite type \"Boolean\". @ 1:16",
            "Fragment \"F\" cannot condition on non composite type \"ComplexInput\". @ 2:15");
}

public class FragmentsMustBeUsedRuleTests
{
    private static readonly FragmentsMustBeUsedRule Rule = new();

    [Fact]
    public void Fragments_used_directly_or_through_other_fragments_are_valid()
        => AssertValid(Rule, "query A { dog { ...F } } query B { cat { name } } fragment F on Dog { ...G } fragment G on Dog { name }");

    [Fact]
    public void Unused_fragments_are_reported_even_when_they_use_each_other()
        => AssertErrors(Rule, "{ dog { name } }\nfragment F on Dog { ...G }\nfragment G on Dog { ...F }",
            "Fragment \"F\" is never used. @ 2:1",
            "Fragment \"G\" is never used. @ 3:1");
}

public class FragmentSpreadTargetDefinedRuleTests
{
    private static readonly FragmentSpreadTargetDefinedRule Rule = new();

    [Fact]
    public void Spreads_of_defined_fragments_are_valid()
        => AssertValid(Rule, "{ dog { ...F } } fragment F on Dog { name }");

    [Fact]
    public void Spreads_of_undefined_fragments_are_reported_at_the_name()
        => AssertErrors(Rule, "{ dog { ...Missing ... on Dog { ...AlsoMissing } } }",
            "Unknown fragment \"Missing\". @ 1:12",
            "Unknown fragment \"AlsoMissing\". @ 1:36");
}

public class FragmentsMustNotFormCyclesRuleTests
{
    private static readonly FragmentsMustNotFormCyclesRule Rule = new();

    [Fact]
    public void Repeated_but_acyclic_spreads_are_valid()
        => AssertValid(Rule, "{ dog { ...A ...B } } fragment A on Dog { ...B ...B } fragment B on Dog { name }");

    [Fact]
    public void A_fragment_spreading_itself_is_reported()
        => AssertErrors(Rule, "fragment F on Dog { name ... on Dog { ...F } }",
            "Cannot spread fragment \"F\" within itself. @ 1:39");

    [Fact]
    public void A_longer_cycle_is_reported_once_with_its_path()
        => AssertErrors(Rule, "fragment A on Dog { ...B }\nfragment B on Dog { ...C }\nfragment C on Dog { ...A }",
            "Cannot spread fragment \"A\" within itself via \"B\", \"C\". @ 1:21, 2:21, 3:21");
}

public class FragmentSpreadIsPossibleRuleTests
{
    private static readonly FragmentSpreadIsPossibleRule Rule = new();

    [Fact]
    public void Spreads_that_can_apply_are_valid()
        => AssertValid(Rule, """
            { dog { ...D ... on Pet { name } } pet { ... on Dog { name } ...CD } catOrDog { ... on Pet { name } }
              dogOrHuman { ... on CatOrDog { __typename } } }
            fragment D on Dog { name }
            fragment CD on CatOrDog { __typename }
            """);

    [Fact]
    public void Spreads_that_can_never_apply_are_reported()
        => AssertErrors(Rule, "{ dog { ...C ... on Cat { name } } humanOrAlien { ... on Pet { name } } }\nfragment C on Cat { name }",
            "Fragment \"C\" cannot be spread here as objects of type \"Dog\" can never be of type \"Cat\". @ 1:9",
            "Fragment cannot be spread here as objects of type \"Dog\" can never be of type \"Cat\". @ 1:14",
            "Fragment cannot be spread here as objects of type \"HumanOrAlien\" can never be of type \"Pet\". @ 1:51");
}
