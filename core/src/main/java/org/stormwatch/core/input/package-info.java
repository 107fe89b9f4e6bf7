/** Opening inputs of any kind and counting what reading them came to. */
package org.stormwatch.core.input;
