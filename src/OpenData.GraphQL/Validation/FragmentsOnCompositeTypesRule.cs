using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.5.1.3 Fragments On Composite Types: a fragment's type condition must be an object, interface or
/// union type, since only those have fields to select (graphql-js FragmentsOnCompositeTypesRule).
/// </summary>
public sealed class FragmentsOnCompositeTypesRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case InlineFragmentNode { TypeCondition: { } condition }:
                    if (ValueHelpers.TypeFromAst(context.Schema, condition) is { } inlineType && !inlineType.IsCompositeType())
                    {
                        context.ReportError($"Fragment cannot condition on non composite type \"{Printer.Print(condition)}\".", condition);
                    }
                    break;
                case FragmentDefinitionNode fragment:
                    if (ValueHelpers.TypeFromAst(context.Schema, fragment.TypeCondition) is { } type && !type.IsCompositeType())
                    {
                        context.ReportError(
                            $"Fragment \"{fragment.Name.Value}\" cannot condition on non composite type \"{Printer.Print(fragment.TypeCondition)}\".",
                            fragment.TypeCondition);
                    }
                    break;
            }
            return VisitAction.Continue;
        }
    }
}
