using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.2.2.1 Lone Anonymous Operation: an operation without a name (including the <c>{ ... }</c>
/// shorthand) is only allowed when it is the document's only operation (graphql-js LoneAnonymousOperationRule).
/// </summary>
public sealed class LoneAnonymousOperationRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private int _operationCount;

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case DocumentNode document:
                    foreach (var definition in document.Definitions)
                    {
                        if (definition is OperationDefinitionNode) _operationCount++;
                    }
                    return VisitAction.Continue;
                case OperationDefinitionNode operation:
                    if (operation.Name is null && _operationCount > 1)
                    {
                        context.ReportError("This anonymous operation must be the only defined operation.", operation);
                    }
                    return VisitAction.SkipChildren;
                case DefinitionNode:
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }
    }
}
