using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.5.2.1 Fragment Spread Target Defined: every <c>...Name</c> must name a fragment defined in the
/// document (graphql-js KnownFragmentNamesRule).
/// </summary>
public sealed class FragmentSpreadTargetDefinedRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            if (node is FragmentSpreadNode spread && context.GetFragment(spread.Name.Value) is null)
            {
                context.ReportError($"Unknown fragment \"{spread.Name.Value}\".", spread.Name);
            }
            return VisitAction.Continue;
        }
    }
}
