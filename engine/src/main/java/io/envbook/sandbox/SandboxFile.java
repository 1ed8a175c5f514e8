package io.envbook.sandbox;

/**
 * One entry of a folder, as {@link Sandbox#list(String)} returns it.
 *
 * @param name the entry's name within its folder
 * @param directory whether it is a folder (a link to a folder counts as one)
 * @param size its size in bytes; 0 for a folder
 */
public record SandboxFile(String name, boolean directory, long size) {}
