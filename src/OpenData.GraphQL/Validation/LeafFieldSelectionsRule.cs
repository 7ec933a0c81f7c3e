using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.3.3 Leaf Field Selections: fields of scalar or enum type must not have a selection set, and fields
/// of object, interface or union type must have one, so that every response ends in leaf values
/// (graphql-js ScalarLeafsRule).
/// </summary>
public sealed class LeafFieldSelectionsRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            if (node is not FieldNode field || context.Type is not { } type) return VisitAction.Continue;

            string fieldName = field.Name.Value;
            if (type.GetNamedType().IsLeafType())
            {
                if (field.SelectionSet is not null)
                {
                    context.ReportError(
                        $"Field \"{fieldName}\" must not have a selection since type \"{type}\" has no subfields.",
                        field.SelectionSet);
                }
            }
            else if (field.SelectionSet is null)
            {
                context.ReportError(
                    $"Field \"{fieldName}\" of type \"{type}\" must have a selection of subfields. Did you mean \"{fieldName} {{ ... }}\"?",
                    field);
            }
            else if (field.SelectionSet.Selections.Count == 0)
            {
                context.ReportError($"Field \"{fieldName}\" of type \"{type}\" must have at least one field selected.", field);
            }
            return VisitAction.Continue;
        }
    }
}
