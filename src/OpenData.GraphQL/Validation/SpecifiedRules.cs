namespace OpenData.GraphQL.Validation;

/// <summary>
/// The validation rules of the specification (section 5), in the order graphql-js runs them
/// (specifiedRules in graphql-js src/validation/specifiedRules.ts), so that a document with several problems
/// gets its errors in the same order. Where graphql-js checks several spec rules in one class, ours are
/// separate classes placed together at that position.
/// </summary>
public static class SpecifiedRules
{
    /// <summary>All rules used by default by <see cref="DocumentValidator.Validate"/>.</summary>
    public static IReadOnlyList<IValidationRule> All { get; } =
    [
        new ExecutableDefinitionsRule(),
        new OperationNameUniquenessRule(),
        new LoneAnonymousOperationRule(),
        new SingleRootFieldRule(),
        // graphql-js KnownTypeNamesRule:
        new KnownTypeNamesRule(),
        new FragmentSpreadTypeExistenceRule(),
        new FragmentsOnCompositeTypesRule(),
        new VariablesAreInputTypesRule(),
        new LeafFieldSelectionsRule(),
        new FieldSelectionsRule(),
        new FragmentNameUniquenessRule(),
        new FragmentSpreadTargetDefinedRule(),
        new FragmentsMustBeUsedRule(),
        new FragmentSpreadIsPossibleRule(),
        new FragmentsMustNotFormCyclesRule(),
        new VariableUniquenessRule(),
        new AllVariableUsesDefinedRule(),
        new AllVariablesUsedRule(),
        // graphql-js KnownDirectivesRule:
        new DirectivesAreDefinedRule(),
        new DirectivesAreInValidLocationsRule(),
        new DirectivesAreUniquePerLocationRule(),
        new ArgumentNamesRule(),
        new ArgumentUniquenessRule(),
        // graphql-js ValuesOfCorrectTypeRule (required fields are reported before the OneOf checks):
        new InputObjectRequiredFieldsRule(),
        new ValuesOfCorrectTypeRule(),
        new InputObjectFieldNamesRule(),
        new RequiredArgumentsRule(),
        new AllVariableUsagesAreAllowedRule(),
        new FieldSelectionMergingRule(),
        new InputObjectFieldUniquenessRule(),
        // Not a spec rule; in graphql-js 16's specifiedRules as a recommended protection.
        new MaxIntrospectionDepthRule(),
    ];
}
