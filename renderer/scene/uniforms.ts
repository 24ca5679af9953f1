// Uniform helpers shared by the scene's shader materials.
import { Color, LinearSRGBColorSpace, type IUniform } from 'three';

/** A colour uniform holding the raw sRGB hex values: our shaders write them out unconverted. */
export function colorUniform(hex: number): IUniform<Color> {
  return { value: new Color().setHex(hex, LinearSRGBColorSpace) };
}
