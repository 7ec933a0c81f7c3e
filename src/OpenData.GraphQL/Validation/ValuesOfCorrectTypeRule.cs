using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.6.1 Values of Correct Type: every literal must be coercible to the input type expected where it is
/// written: scalars and enums by their literal parsing, lists and input objects by shape, null only where
/// nullable, and a OneOf input object with exactly one non-null field (graphql-js ValuesOfCorrectTypeRule).
/// </summary>
/// <remarks>
/// graphql-js checks input object field names and required fields in the same rule; here they are
/// <see cref="InputObjectFieldNamesRule"/> and <see cref="InputObjectRequiredFieldsRule"/>, one per spec
/// rule. All three stop descending into a list or object written where the type is not a list or input
/// object (that value is reported once, as a whole), which keeps the three together equal to graphql-js.
/// </remarks>
public sealed class ValuesOfCorrectTypeRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    /// <summary>True when a list literal is written where no list is expected (it is then checked as a whole).</summary>
    internal static bool ListIsMisplaced(ValidationContext context) => context.ParentInputType?.GetNullableType() is not ListType;

    /// <summary>True when an object literal is written where no input object is expected.</summary>
    internal static bool ObjectIsMisplaced(ValidationContext context) => context.InputType?.GetNamedType() is not InputObjectType;

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case ListValueNode list:
                    if (ListIsMisplaced(context))
                    {
                        CheckLeafValue(list);
                        return VisitAction.SkipChildren;
                    }
                    break;
                case ObjectValueNode obj:
                    if (ObjectIsMisplaced(context))
                    {
                        CheckLeafValue(obj);
                        return VisitAction.SkipChildren;
                    }
                    var type = (InputObjectType)context.InputType!.GetNamedType();
                    if (type.IsOneOf) CheckOneOf(obj, type);
                    break;
                case NullValueNode nullValue:
                    if (context.InputType is NonNullType nonNull)
                    {
                        context.ReportError($"Expected value of type \"{nonNull}\", found null.", nullValue);
                    }
                    break;
                case EnumValueNode or IntValueNode or FloatValueNode or StringValueNode or BooleanValueNode:
                    CheckLeafValue((ValueNode)node);
                    break;
            }
            return VisitAction.Continue;
        }

        // Scalars and enums decide through their literal parsing whether a value is theirs.
        private void CheckLeafValue(ValueNode node)
        {
            if (context.InputType is not { } locationType) return;
            var type = locationType.GetNamedType();
            if (!type.IsLeafType())
            {
                context.ReportError($"Expected value of type \"{locationType}\", found {Printer.Print(node)}.", node);
                return;
            }
            try
            {
                if (type is EnumType enumType) enumType.ParseLiteral(node);
                else ((ScalarType)type).ParseLiteral(node);
            }
            catch (GraphQLException e)
            {
                // The built-in scalars and enums explain the problem themselves, e.g.
                // `Int cannot represent non-integer value: "3"`.
                context.ReportError(e.Error.Locations is null ? new GraphQLError(e.Message, node) : e.Error);
            }
            catch (Exception e) when (e is not ValidationAbortedException)
            {
                // A custom scalar refused the literal with an ordinary exception.
                context.ReportError($"Expected value of type \"{locationType}\", found {Printer.Print(node)}; {e.Message}", node);
            }
        }

        private void CheckOneOf(ObjectValueNode node, InputObjectType type)
        {
            // The last of repeated field names counts, as in graphql-js (the repetition is reported elsewhere).
            var fields = new OrderedDictionary<string, ObjectFieldNode>(StringComparer.Ordinal);
            foreach (var field in node.Fields) fields[field.Name.Value] = field;

            if (fields.Count != 1)
            {
                context.ReportError($"OneOf Input Object \"{type.Name}\" must specify exactly one key.", node);
                return;
            }
            var (name, only) = fields.GetAt(0);
            if (only.Value is NullValueNode)
            {
                context.ReportError($"Field \"{type.Name}.{name}\" must be non-null.", node);
            }
        }
    }
}
