using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.6.4 Input Object Required Fields: an input object literal must give every field of non-null type
/// that has no default value (graphql-js ValuesOfCorrectTypeRule, ObjectValue part).
/// </summary>
public sealed class InputObjectRequiredFieldsRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case ListValueNode when ValuesOfCorrectTypeRule.ListIsMisplaced(context):
                case ObjectValueNode when ValuesOfCorrectTypeRule.ObjectIsMisplaced(context):
                    return VisitAction.SkipChildren;
                case ObjectValueNode obj:
                    var type = (InputObjectType)context.InputType!.GetNamedType();
                    foreach (var fieldDef in type.FieldList)
                    {
                        if (!fieldDef.IsRequiredInput() || IsGiven(obj, fieldDef.Name)) continue;
                        context.ReportError(
                            $"Field \"{type.Name}.{fieldDef.Name}\" of required type \"{fieldDef.Type}\" was not provided.",
                            obj);
                    }
                    break;
            }
            return VisitAction.Continue;
        }

        private static bool IsGiven(ObjectValueNode obj, string name)
        {
            foreach (var field in obj.Fields)
            {
                if (field.Name.Value == name) return true;
            }
            return false;
        }
    }
}
