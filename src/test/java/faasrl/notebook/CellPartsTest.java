package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellPartsTest {

  @Test void cutsACellIntoCodeAndMagicsInOrder() {
    List<CellParts.Part> parts = CellParts.of("int a = 1;\n%jars lib/*.jar 'my dir/x.jar'\na + 1\n").parts();
    assertThat(parts).containsExactly(
        new CellParts.Code("int a = 1;\n"),
        new CellParts.Magic("jars", List.of("lib/*.jar", "my dir/x.jar")),
        new CellParts.Code("a + 1\n\n", 2));
  }

  @Test void percentInsideJavaIsNotAMagic() {
    assertThat(CellParts.of("int r = 7 % 3;\n  % 2").parts()).hasSize(1).first()
        .isInstanceOf(CellParts.Code.class);
  }

  @Test void blanksMagicLinesKeepingPositions() {
    String cell = "%load setup\nCatalog.onl";
    String code = CellParts.codeOnly(cell);
    assertThat(code).hasSameSizeAs(cell).endsWith("\nCatalog.onl").startsWith("           \n");
  }

  @Test void rejectsAnUnclosedQuote() {
    assertThatThrownBy(() -> CellParts.of("%jars \"lib/x.jar")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed quote");
  }
}
