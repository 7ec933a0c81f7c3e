using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.5.2.3 Fragment Spread Is Possible: a fragment (named or inline) may only be spread where an object
/// could be of both the surrounding type and the fragment's type; otherwise it could never apply
/// (graphql-js PossibleFragmentSpreadsRule).
/// </summary>
public sealed class FragmentSpreadIsPossibleRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case InlineFragmentNode inline:
                    if (context.Type is NamedType fragmentType && fragmentType.IsCompositeType()
                        && context.ParentType is { } parentType && parentType.IsCompositeType()
                        && !context.Schema.DoTypesOverlap(fragmentType, parentType))
                    {
                        context.ReportError(
                            $"Fragment cannot be spread here as objects of type \"{parentType.Name}\" can never be of type \"{fragmentType.Name}\".",
                            inline);
                    }
                    break;
                case FragmentSpreadNode spread:
                    string name = spread.Name.Value;
                    if (FragmentType(name) is { } spreadType && context.ParentType is { } spreadParent
                        && !context.Schema.DoTypesOverlap(spreadType, spreadParent))
                    {
                        context.ReportError(
                            $"Fragment \"{name}\" cannot be spread here as objects of type \"{spreadParent.Name}\" can never be of type \"{spreadType.Name}\".",
                            spread);
                    }
                    break;
            }
            return VisitAction.Continue;
        }

        private NamedType? FragmentType(string name)
        {
            var fragment = context.GetFragment(name);
            return fragment is not null && ValueHelpers.TypeFromAst(context.Schema, fragment.TypeCondition) is NamedType type && type.IsCompositeType()
                ? type
                : null;
        }
    }
}
