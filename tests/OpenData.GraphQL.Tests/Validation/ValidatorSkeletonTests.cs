using OpenData.GraphQL.Language;
using OpenData.GraphQL.Validation;

namespace OpenData.GraphQL.Tests.Validation;

public class ValidatorSkeletonTests
{
    // A tiny rule used only to exercise the validator plumbing.
    private sealed class NoFieldsNamedBadRule : IValidationRule
    {
        public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

        private sealed class Visitor(ValidationContext context) : NodeVisitor
        {
            public override VisitAction Enter(Node node)
            {
                if (node is FieldNode { Name.Value: "bad" } field)
                {
                    context.ReportError($"Field \"bad\" on \"{context.ParentType?.Name}\" is not allowed.", field);
                    return VisitAction.SkipChildren;
                }
                return VisitAction.Continue;
            }
        }
    }

    [Fact]
    public void Rules_report_errors_with_locations_and_skip_children()
    {
        var doc = Parser.Parse("{\n  dog { bad { bad } }\n}");
        var errors = DocumentValidator.Validate(TestSchemas.Harness, doc, [new NoFieldsNamedBadRule()]);
        var error = Assert.Single(errors);
        Assert.Equal("Field \"bad\" on \"Dog\" is not allowed.", error.Message);
        Assert.Equal([new SourceLocation(2, 9)], error.Locations);
    }

    [Fact]
    public void Validation_stops_after_max_errors()
    {
        var doc = Parser.Parse("{ " + string.Join(" ", Enumerable.Repeat("bad", 10)) + " }");
        var errors = DocumentValidator.Validate(TestSchemas.Harness, doc, [new NoFieldsNamedBadRule()], maxErrors: 3);
        Assert.Equal(4, errors.Count);
        Assert.Equal("Too many validation errors, error limit reached. Validation aborted.", errors[^1].Message);
    }

    [Fact]
    public void Context_collects_fragments_and_variable_usages_recursively()
    {
        var doc = Parser.Parse("""
            query Q($a: Boolean, $b: Int) { dog { ...F } }
            fragment F on Dog { name(surname: $a) ...G }
            fragment G on Dog { isAtLocation(x: $b) ...F }
            """);
        var context = new ValidationContext(TestSchemas.Harness, doc, new OpenData.GraphQL.Types.TypeInfo(TestSchemas.Harness));
        var op = (OperationDefinitionNode)doc.Definitions[0];
        Assert.Equal(["F", "G"], context.GetRecursivelyReferencedFragments(op).Select(f => f.Name.Value));
        var usages = context.GetRecursiveVariableUsages(op);
        Assert.Equal(["a:Boolean", "b:Int"], usages.Select(u => u.Node.Name.Value + ":" + u.Type));
    }
}
