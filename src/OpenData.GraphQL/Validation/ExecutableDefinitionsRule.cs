using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.1.1 Executable Definitions: a document sent for execution may only contain operations and
/// fragments; type system definitions (SDL) are rejected (graphql-js ExecutableDefinitionsRule).
/// </summary>
public sealed class ExecutableDefinitionsRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            if (node is not DocumentNode document) return VisitAction.Continue;
            foreach (var definition in document.Definitions)
            {
                if (definition is ExecutableDefinitionNode) continue;
                string name = definition switch
                {
                    SchemaDefinitionNode => "schema",
                    TypeDefinitionNode t => "\"" + t.Name.Value + "\"",
                    DirectiveDefinitionNode d => "\"" + d.Name.Value + "\"",
                    _ => "\"\"",
                };
                context.ReportError($"The {name} definition is not executable.", definition);
            }
            return VisitAction.SkipChildren;
        }
    }
}
