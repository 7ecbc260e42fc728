"""The 2013 European Standard Population, the default for directly standardised rates."""
import numpy as np

#: Start age of each band: 0-4, 5-9, ..., 85-89, 90+.
ESP2013_STARTAGES = np.arange(0, 95, 5)

#: Standard population of each band; sums to 100,000.
ESP2013 = np.array([5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
                    7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000], dtype=float)
