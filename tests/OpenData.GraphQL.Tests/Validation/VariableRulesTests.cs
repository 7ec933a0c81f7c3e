using OpenData.GraphQL.Validation;
using static OpenData.GraphQL.Tests.Validation.ValidationTestSupport;

namespace OpenData.GraphQL.Tests.Validation;

public class VariableUniquenessRuleTests
{
    private static readonly VariableUniquenessRule Rule = new();

    [Fact]
    public void Distinct_variables_are_valid_also_across_operations()
        => AssertValid(Rule, "query A($x: Int, $y: Int) { dog { name } } query B($x: Int) { dog { name } }");

    [Fact]
    public void A_repeated_variable_is_reported_at_every_declaration()
        => AssertErrors(Rule, "query Q($x: Int, $y: Int, $x: String, $x: Boolean, $y: ID) { dog { name } }",
            "There can be only one variable named \"$x\". @ 1:10, 1:28, 1:40",
            "There can be only one variable named \"$y\". @ 1:19, 1:53");
}

public class VariablesAreInputTypesRuleTests
{
    private static readonly VariablesAreInputTypesRule Rule = new();

    [Fact]
    public void Scalar_enum_and_input_object_variables_are_valid()
        => AssertValid(Rule, "query ($a: String, $b: [DogCommand!]!, $c: ComplexInput, $d: Unknown) { dog { name } }");

    [Fact]
    public void Output_type_variables_are_reported_at_the_type()
        => AssertErrors(Rule, "query ($a: Dog, $b: [[CatOrDog!]]!, $c: Pet!) { dog { name } }",
            "Variable \"$a\" cannot be non-input type \"Dog\". @ 1:12",
            "Variable \"$b\" cannot be non-input type \"[[CatOrDog!]]!\". @ 1:21",
            "Variable \"$c\" cannot be non-input type \"Pet!\". @ 1:41");
}

public class AllVariableUsesDefinedRuleTests
{
    private static readonly AllVariableUsesDefinedRule Rule = new();

    [Fact]
    public void Variables_defined_by_every_operation_using_them_are_valid()
        => AssertValid(Rule, """
            query A($a: Boolean) { dog { ...F } }
            query B($a: Boolean) { dog { ...F isHouseTrained(atOtherHomes: $a) } }
            fragment F on Dog { isHouseTrained(atOtherHomes: $a) }
            """);

    [Fact]
    public void Undefined_variables_are_reported_per_operation_at_the_use_and_the_operation()
        => AssertErrors(Rule, """
            query A($a: Boolean) { dog { ...F } }
            query B { dog { ...F } }
            fragment F on Dog { isHouseTrained(atOtherHomes: $a) name @include(if: $b) }
            """,
            "Variable \"$b\" is not defined by operation \"A\". @ 3:72, 1:1",
            "Variable \"$a\" is not defined by operation \"B\". @ 3:50, 2:1",
            "Variable \"$b\" is not defined by operation \"B\". @ 3:72, 2:1");

    [Fact]
    public void Undefined_variables_of_an_anonymous_operation_name_no_operation()
        => AssertErrors(Rule, "{ dog { isHouseTrained(atOtherHomes: $x) } }", "Variable \"$x\" is not defined. @ 1:38, 1:1");
}

public class AllVariablesUsedRuleTests
{
    private static readonly AllVariablesUsedRule Rule = new();

    [Fact]
    public void Variables_used_directly_in_fragments_or_in_directives_are_valid()
        => AssertValid(Rule, """
            query Q($a: Boolean, $b: Boolean!, $c: DogCommand!) { dog @include(if: $b) { ...F isHouseTrained(atOtherHomes: $a) } }
            fragment F on Dog { ...G }
            fragment G on Dog { doesKnowCommand(dogCommand: $c) }
            """);

    [Fact]
    public void Unused_variables_are_reported_at_their_definition()
        => AssertErrors(Rule, "query Q($a: Int, $b: Int) { dog { name } }\nquery ($c: Int) { dog { name } }",
            "Variable \"$a\" is never used in operation \"Q\". @ 1:9",
            "Variable \"$b\" is never used in operation \"Q\". @ 1:18",
            "Variable \"$c\" is never used. @ 2:8");
}

public class AllVariableUsagesAreAllowedRuleTests
{
    private static readonly AllVariableUsagesAreAllowedRule Rule = new();

    [Fact]
    public void Matching_and_more_specific_variable_types_are_valid()
        => AssertValid(Rule, """
            query Q($b: Boolean!, $l: [Boolean!]!, $c: DogCommand!, $s: String!) {
              dog { isHouseTrained(atOtherHomes: $b) doesKnowCommand(dogCommand: $c) }
              booleanList(booleanListArg: $l) other: booleanList(booleanListArg: [$b])
              findDogByOneOf(by: { name: $s }) { name }
            }
            """);

    [Fact]
    public void A_nullable_variable_with_a_default_may_fill_a_non_null_place()
        => AssertValid(Rule, "query Q($b: Boolean = true) { arguments { nonNullBooleanArgField(nonNullBooleanArg: $b) } }");

    [Fact]
    public void A_nullable_variable_may_fill_a_non_null_argument_that_has_a_default()
        => AssertValid(Rule, "query Q($b: Boolean) { arguments { optionalNonNullBooleanArgField(optionalBooleanArg: $b) } }");

    [Fact]
    public void A_null_default_does_not_make_a_nullable_variable_acceptable()
        => AssertErrors(Rule, "query Q($b: Boolean = null) { arguments { nonNullBooleanArgField(nonNullBooleanArg: $b) } }",
            "Variable \"$b\" of type \"Boolean\" used in position expecting type \"Boolean!\". @ 1:9, 1:85");

    [Fact]
    public void Mismatched_types_are_reported_at_the_definition_and_the_use()
        => AssertErrors(Rule, """
            query Q($i: Int, $l: [Boolean], $c: CatCommand!) {
              dog { isHouseTrained(atOtherHomes: $i) doesKnowCommand(dogCommand: $c) }
              booleanList(booleanListArg: $l)
            }
            """,
            "Variable \"$i\" of type \"Int\" used in position expecting type \"Boolean\". @ 1:9, 2:38",
            "Variable \"$c\" of type \"CatCommand!\" used in position expecting type \"DogCommand!\". @ 1:33, 2:70",
            "Variable \"$l\" of type \"[Boolean]\" used in position expecting type \"[Boolean!]\". @ 1:18, 3:31");

    [Fact]
    public void Usages_inside_fragments_are_checked_against_the_operation_using_them()
        => AssertErrors(Rule, "query Q($b: Boolean) { dog { ...F } }\nfragment F on Dog { name @include(if: $b) }",
            "Variable \"$b\" of type \"Boolean\" used in position expecting type \"Boolean!\". @ 1:9, 2:39");

    [Fact]
    public void A_nullable_variable_in_a_oneof_input_object_is_reported()
        => AssertErrors(Rule, "query Q($n: String) { findDogByOneOf(by: { name: $n }) { name } }",
            "Variable \"$n\" is of type \"String\" but must be non-nullable to be used for OneOf Input Object \"DogSearch\". @ 1:9, 1:50");
}
