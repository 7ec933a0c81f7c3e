using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.8.2 Variables Are Input Types: a variable's type must be a scalar, enum or input object type (or a
/// list / non-null of one), since values of output types cannot be written by a client (graphql-js
/// VariablesAreInputTypesRule). Unknown type names are reported by <see cref="KnownTypeNamesRule"/>.
/// </summary>
public sealed class VariablesAreInputTypesRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case VariableDefinitionNode definition:
                    if (ValueHelpers.TypeFromAst(context.Schema, definition.Type) is { } type && !type.IsInputType())
                    {
                        context.ReportError(
                            $"Variable \"${definition.Variable.Name.Value}\" cannot be non-input type \"{Printer.Print(definition.Type)}\".",
                            definition.Type);
                    }
                    return VisitAction.SkipChildren;
                case SelectionSetNode or FragmentDefinitionNode or TypeSystemDefinitionNode:
                    // Variable definitions only appear in an operation's header.
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }
    }
}
