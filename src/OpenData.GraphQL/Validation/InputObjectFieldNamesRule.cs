using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.6.2 Input Object Field Names: every field written in an input object literal must be defined by
/// the input object type (graphql-js ValuesOfCorrectTypeRule, ObjectField part). Suggests similar names.
/// </summary>
public sealed class InputObjectFieldNamesRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                // A misplaced list or object is reported whole by ValuesOfCorrectTypeRule; nothing inside it is checked.
                case ListValueNode when ValuesOfCorrectTypeRule.ListIsMisplaced(context):
                case ObjectValueNode when ValuesOfCorrectTypeRule.ObjectIsMisplaced(context):
                    return VisitAction.SkipChildren;
                case ObjectFieldNode field:
                    if (context.InputType is null && context.ParentInputType?.GetNamedType() is InputObjectType parentType)
                    {
                        string name = field.Name.Value;
                        var suggestions = Suggestions.SuggestionList(name, parentType.Fields.Keys);
                        context.ReportError(
                            $"Field \"{name}\" is not defined by type \"{parentType.Name}\"." + Suggestions.DidYouMean(suggestions),
                            field);
                    }
                    break;
            }
            return VisitAction.Continue;
        }
    }
}
