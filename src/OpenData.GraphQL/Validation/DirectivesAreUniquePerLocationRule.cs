using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.7.3 Directives Are Unique Per Location: a directive that is not declared <c>repeatable</c> may be
/// applied only once to the same node (graphql-js UniqueDirectivesPerLocationRule). Within type system
/// definitions a type and its extensions count as one location, as do schema definitions and extensions.
/// </summary>
public sealed class DirectivesAreUniquePerLocationRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private Dictionary<string, bool>? _unique;
        private readonly Dictionary<string, DirectiveNode> _schemaDirectives = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, DirectiveNode>> _typeDirectives = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DirectiveNode> _seen = new(StringComparer.Ordinal);

        public override VisitAction Enter(Node node)
        {
            if (node is ValueNode or ArgumentNode or DirectiveNode or NameNode or TypeNode) return VisitAction.SkipChildren;
            var directives = DirectivesOf(node);
            if (directives is null || directives.Count == 0) return VisitAction.Continue;

            Dictionary<string, DirectiveNode> seen;
            switch (node)
            {
                case SchemaDefinitionNode:
                    seen = _schemaDirectives;
                    break;
                case TypeDefinitionNode type:
                    if (!_typeDirectives.TryGetValue(type.Name.Value, out seen!))
                    {
                        seen = new Dictionary<string, DirectiveNode>(StringComparer.Ordinal);
                        _typeDirectives[type.Name.Value] = seen;
                    }
                    break;
                default:
                    // One reused dictionary for the common case of fields and fragments.
                    _seen.Clear();
                    seen = _seen;
                    break;
            }

            var unique = UniqueDirectives();
            foreach (var directive in directives)
            {
                string name = directive.Name.Value;
                if (!unique.TryGetValue(name, out bool isUnique) || !isUnique) continue;
                if (seen.TryGetValue(name, out var first))
                {
                    context.ReportError($"The directive \"@{name}\" can only be used once at this location.", first, directive);
                }
                else
                {
                    seen[name] = directive;
                }
            }
            return VisitAction.Continue;
        }

        // Directive name -> true when it is not repeatable; directives defined in the document count too.
        private Dictionary<string, bool> UniqueDirectives()
        {
            if (_unique is null)
            {
                _unique = new Dictionary<string, bool>(StringComparer.Ordinal);
                foreach (var directive in context.Schema.Directives) _unique[directive.Name] = !directive.IsRepeatable;
                foreach (var definition in context.Document.Definitions)
                {
                    if (definition is DirectiveDefinitionNode d) _unique[d.Name.Value] = !d.Repeatable;
                }
            }
            return _unique;
        }

        private static IReadOnlyList<DirectiveNode>? DirectivesOf(Node node) => node switch
        {
            SelectionNode s => s.Directives,
            ExecutableDefinitionNode e => e.Directives,
            VariableDefinitionNode v => v.Directives,
            TypeSystemDefinitionNode t => t.Directives,
            FieldDefinitionNode f => f.Directives,
            InputValueDefinitionNode i => i.Directives,
            EnumValueDefinitionNode e => e.Directives,
            _ => null,
        };
    }
}
