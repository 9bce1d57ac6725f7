// The one place the engine imports TensorFlow.js from: every ml file uses this module so backends and patches apply once.
import * as tf from '@tensorflow/tfjs'

export { tf }
/** Tensor type shortcut used across the engine. */
export type Tensor = tf.Tensor
/** 4-D tensor (NHWC) shortcut used across the engine. */
export type Tensor4D = tf.Tensor4D
