using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.8.5 All Variable Usages Are Allowed: a variable's type must fit every place it is used
/// (graphql-js VariablesInAllowedPositionRule). A nullable variable may fill a non-null place only when the
/// variable has a non-null default value or the place (argument / input field) has a default value of its own.
/// A variable filling a field of a OneOf input object must be non-null.
/// </summary>
public sealed class AllVariableUsagesAreAllowedRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        // The last declaration of a name wins, as in graphql-js (duplicates are VariableUniquenessRule's).
        private readonly Dictionary<string, VariableDefinitionNode> _definitions = new(StringComparer.Ordinal);

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case OperationDefinitionNode:
                    _definitions.Clear();
                    return VisitAction.Continue;
                case VariableDefinitionNode definition:
                    _definitions[definition.Variable.Name.Value] = definition;
                    return VisitAction.SkipChildren;
                case SelectionSetNode or FragmentDefinitionNode or TypeSystemDefinitionNode:
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        public override void Leave(Node node)
        {
            if (node is not OperationDefinitionNode operation) return;
            var schema = context.Schema;
            foreach (var usage in context.GetRecursiveVariableUsages(operation))
            {
                string name = usage.Node.Name.Value;
                if (!_definitions.TryGetValue(name, out var definition) || usage.Type is not { } locationType) continue;
                var variableType = ValueHelpers.TypeFromAst(schema, definition.Type);
                if (variableType is null) continue;

                if (!IsAllowed(schema, variableType, definition.DefaultValue, locationType, usage.HasDefaultValue))
                {
                    context.ReportError(
                        $"Variable \"${name}\" of type \"{variableType}\" used in position expecting type \"{locationType}\".",
                        definition, usage.Node);
                }
                if (usage.ParentType is InputObjectType { IsOneOf: true } oneOf && variableType is not NonNullType)
                {
                    context.ReportError(
                        $"Variable \"${name}\" is of type \"{variableType}\" but must be non-nullable to be used for OneOf Input Object \"{oneOf.Name}\".",
                        definition, usage.Node);
                }
            }
        }

        private static bool IsAllowed(GraphQLSchema schema, GraphQLType variableType, ValueNode? variableDefault,
            GraphQLType locationType, bool locationHasDefault)
        {
            if (locationType is NonNullType nonNullLocation && variableType is not NonNullType)
            {
                bool hasNonNullVariableDefault = variableDefault is not null and not NullValueNode;
                if (!hasNonNullVariableDefault && !locationHasDefault) return false;
                return schema.IsTypeSubTypeOf(variableType, nonNullLocation.OfType);
            }
            return schema.IsTypeSubTypeOf(variableType, locationType);
        }
    }
}
