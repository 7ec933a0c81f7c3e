using OpenData.GraphQL.Validation;
using static OpenData.GraphQL.Tests.Validation.ValidationTestSupport;

namespace OpenData.GraphQL.Tests.Validation;

public class ExecutableDefinitionsRuleTests
{
    private static readonly ExecutableDefinitionsRule Rule = new();

    [Fact]
    public void Operations_and_fragments_are_executable()
        => AssertValid(Rule, "query Q { dog { ...F } } fragment F on Dog { name }");

    [Fact]
    public void Type_and_schema_definitions_are_not_executable()
        => AssertErrors(Rule, """
            { dog { name } }
            type Cow { name: String }
            extend type Dog { color: String }
            schema { query: Query }
            directive @loud on FIELD
            """,
            "The \"Cow\" definition is not executable. @ 2:1",
            "The \"Dog\" definition is not executable. @ 3:1",
            "The schema definition is not executable. @ 4:1",
            "The \"loud\" definition is not executable. @ 5:1");
}

public class OperationNameUniquenessRuleTests
{
    private static readonly OperationNameUniquenessRule Rule = new();

    [Fact]
    public void Differently_named_operations_are_valid()
        => AssertValid(Rule, "query A { dog { name } } query B { cat { name } } { pet { name } }");

    [Fact]
    public void Two_operations_with_one_name_are_reported_at_both_names()
        => AssertErrors(Rule, "query Same { dog { name } }\nsubscription Same { newDog { name } }",
            "There can be only one operation named \"Same\". @ 1:7, 2:14");
}

public class LoneAnonymousOperationRuleTests
{
    private static readonly LoneAnonymousOperationRule Rule = new();

    [Fact]
    public void An_anonymous_operation_alone_with_fragments_is_valid()
        => AssertValid(Rule, "{ dog { ...F } } fragment F on Dog { name }");

    [Fact]
    public void An_anonymous_operation_next_to_another_operation_is_reported()
        => AssertErrors(Rule, "{ dog { name } }\nquery Other { cat { name } }\n{ pet { name } }",
            "This anonymous operation must be the only defined operation. @ 1:1",
            "This anonymous operation must be the only defined operation. @ 3:1");
}

public class SingleRootFieldRuleTests
{
    private static readonly SingleRootFieldRule Rule = new();

    [Fact]
    public void A_subscription_with_one_root_field_is_valid()
        => AssertValid(Rule, "subscription S { newDog { name } }");

    [Fact]
    public void Fields_skipped_with_a_literal_condition_do_not_count()
        => AssertValid(Rule, "subscription S { newDog { name } newCat @skip(if: true) { name } }");

    [Fact]
    public void Extra_root_fields_are_reported_including_those_from_fragments()
        => AssertErrors(Rule, """
            subscription S { newDog { name } ...F }
            fragment F on Subscription { newCat { name } other: newDog { name } }
            """,
            "Subscription \"S\" must select only one top level field. @ 2:30, 2:46");

    [Fact]
    public void Introspection_root_fields_are_reported()
        => AssertErrors(Rule, "subscription { __typename }",
            "Anonymous Subscription must not select an introspection top level field. @ 1:16");

    [Fact]
    public void A_variable_condition_keeps_the_field_instead_of_failing()
        => AssertErrors(Rule, "subscription S($s: Boolean!) { newDog @skip(if: $s) { name } newCat { name } }",
            "Subscription \"S\" must select only one top level field. @ 1:62");

    [Fact]
    public void Queries_may_select_many_root_fields()
        => AssertValid(Rule, "{ dog { name } cat { name } __typename }");
}
