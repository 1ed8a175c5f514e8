package io.envbook.kernel;

/**
 * What {@link Notebook#display} returns: the display's id, to replace what it shows later. A cell whose
 * value is a handle shows nothing more, so {@code display(x)} as a cell's last line shows {@code x} once.
 *
 * <pre>{@code
 * def bar = display(html('<b>starting</b>'))
 * bar.update(html('<b>done</b>'))
 * }</pre>
 *
 * @param id the {@code display_id} of the display
 */
public record DisplayHandle(String id) {

  /** Replaces what this display shows. */
  public void update(Object value) {
    Notebook.updateDisplay(id, value);
  }

  @Override
  public String toString() {
    return "display " + id;
  }
}
