// Module asm holds the avo programs that write simdml's amd64 assembly.
// Each subdirectory is one program writing one generated .s file; gen.sh
// runs them all. Generated files must never be edited by hand.
package asm
