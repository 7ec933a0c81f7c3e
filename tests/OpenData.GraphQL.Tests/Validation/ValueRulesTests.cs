using OpenData.GraphQL.Validation;
using static OpenData.GraphQL.Tests.Validation.ValidationTestSupport;

namespace OpenData.GraphQL.Tests.Validation;

public class ValuesOfCorrectTypeRuleTests
{
    private static readonly ValuesOfCorrectTypeRule Rule = new();

    [Fact]
    public void Literals_coercible_to_their_types_are_valid()
        => AssertValid(Rule, """"
            query ($d: Int = 3, $l: [String] = "single") {
              arguments {
                intArgField(intArg: -2147483648) floatArgField(floatArg: 3) idArgField(idArg: 42)
                stringArgField(stringArg: """block""") enumArgField(enumArg: HEEL) booleanArgField(booleanArg: null)
                booleanListArgField(booleanListArg: true) listOfListsArgField(arg: [[1], 2, null])
                complexArgField(complexArg: { requiredField: true, stringListField: "coerced to a list" })
              }
              findDogByOneOf(by: { id: "1" }) { name }
            }
            """");

    [Fact]
    public void Scalar_literals_of_the_wrong_kind_are_reported_with_the_scalar_explanation()
        => AssertErrors(Rule, """
            { arguments {
              intArgField(intArg: "3") a: intArgField(intArg: 2147483648) booleanArgField(booleanArg: 1)
              floatArgField(floatArg: true) stringArgField(stringArg: FOO) idArgField(idArg: 1.5)
            } }
            """,
            "Int cannot represent non-integer value: \"3\" @ 2:23",
            "Int cannot represent non 32-bit signed integer value: 2147483648 @ 2:51",
            "Boolean cannot represent a non boolean value: 1 @ 2:91",
            "Float cannot represent non numeric value: true @ 3:27",
            "String cannot represent a non string value: FOO @ 3:59",
            "ID cannot represent a non-string and non-integer value: 1.5 @ 3:82");

    [Fact]
    public void Enum_literals_must_be_values_of_the_enum_and_not_strings()
        => AssertErrors(Rule, "{ arguments { enumArgField(enumArg: sit) b: enumArgField(enumArg: \"SIT\") } }",
            "Value \"sit\" does not exist in \"DogCommand\" enum. Did you mean the enum value \"SIT\"? @ 1:37",
            "Enum \"DogCommand\" cannot represent non-enum value: \"SIT\". Did you mean the enum value \"SIT\"? @ 1:67");

    [Fact]
    public void Null_in_a_non_null_place_is_reported_including_list_items()
        => AssertErrors(Rule, "{ arguments { nonNullBooleanArgField(nonNullBooleanArg: null) stringListNonNullArgField(stringListNonNullArg: [\"a\", null]) } }",
            "Expected value of type \"Boolean!\", found null. @ 1:57",
            "Expected value of type \"String!\", found null. @ 1:117");

    [Fact]
    public void A_list_or_object_where_none_is_expected_is_reported_as_a_whole()
        => AssertErrors(Rule, "{ arguments { intArgField(intArg: [1, \"x\"]) complexArgField(complexArg: [{ nope: 1 }]) } }",
            "Int cannot represent non-integer value: [1, \"x\"] @ 1:35",
            "Expected value of type \"ComplexInput\", found [{nope: 1}]. @ 1:73");

    [Fact]
    public void A_oneof_input_object_needs_exactly_one_non_null_field()
        => AssertErrors(Rule, "{ a: findDogByOneOf(by: { name: \"x\", id: 1 }) { name } b: findDogByOneOf(by: { id: null }) { name } }",
            "OneOf Input Object \"DogSearch\" must specify exactly one key. @ 1:25",
            "Field \"DogSearch.id\" must be non-null. @ 1:78");

    [Fact]
    public void Variable_default_values_are_checked_against_the_variable_type()
        => AssertErrors(Rule, "query ($i: Int = \"one\", $b: Boolean! = null) { dog { name } }",
            "Int cannot represent non-integer value: \"one\" @ 1:18",
            "Expected value of type \"Boolean!\", found null. @ 1:40");

    [Fact]
    public void Descriptions_are_not_values()
        => AssertValid(Rule, "\"Described\" query (\"an int\" $i: Int) { arguments { intArgField(intArg: $i) } }");
}

public class InputObjectFieldNamesRuleTests
{
    private static readonly InputObjectFieldNamesRule Rule = new();

    [Fact]
    public void Defined_input_fields_are_valid()
        => AssertValid(Rule, "{ findDog(searchBy: { name: \"Rex\", owner: \"Me\" }) { name } }");

    [Fact]
    public void Unknown_input_fields_are_reported_with_suggestions_also_when_nested()
        => AssertErrors(Rule, "{ findDog(searchBy: { nam: \"Rex\" }) { name } arguments { complexArgField(complexArg: { requiredField: true, nested: { requiredField: true, intFeld: 1 } }) } }",
            "Field \"nam\" is not defined by type \"FindDogInput\". Did you mean \"name\"? @ 1:23",
            "Field \"intFeld\" is not defined by type \"ComplexInput\". Did you mean \"intField\"? @ 1:140");

    [Fact]
    public void Objects_where_no_input_object_is_expected_are_not_looked_into()
        => AssertValid(Rule, "{ arguments { intArgField(intArg: { nope: 1 }) } }");
}

public class InputObjectFieldUniquenessRuleTests
{
    private static readonly InputObjectFieldUniquenessRule Rule = new();

    [Fact]
    public void Distinct_input_fields_also_in_nested_objects_are_valid()
        => AssertValid(Rule, "{ arguments { complexArgField(complexArg: { requiredField: true, nested: { requiredField: true } }) } }");

    [Fact]
    public void A_repeated_input_field_is_reported_at_both_names()
        => AssertErrors(Rule, "{ findDog(searchBy: { name: \"Rex\", owner: \"x\", name: \"Max\" }) { name } }",
            "There can be only one input field named \"name\". @ 1:23, 1:48");
}

public class InputObjectRequiredFieldsRuleTests
{
    private static readonly InputObjectRequiredFieldsRule Rule = new();

    [Fact]
    public void Required_fields_given_and_fields_with_defaults_left_out_are_valid()
        => AssertValid(Rule, "{ arguments { complexArgField(complexArg: { requiredField: false }) } }");

    [Fact]
    public void Missing_required_fields_are_reported_at_the_object_also_when_nested()
        => AssertErrors(Rule, "{ arguments { complexArgField(complexArg: { intField: 1, nested: { stringField: \"x\" } }) } }",
            "Field \"ComplexInput.requiredField\" of required type \"Boolean!\" was not provided. @ 1:43",
            "Field \"ComplexInput.requiredField\" of required type \"Boolean!\" was not provided. @ 1:66");
}
