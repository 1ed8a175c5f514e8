package io.envbook.util;

/**
 * Marks exceptions whose message is already a complete sentence for the user (a script mistake with
 * its line, say): shown as they are, without their type.
 */
public interface UserError {}
