"""What runs inside the containers, below the kubelet, the shell and the network: the
images, their files and the servers they ship.

The lowest layer of the node side: nothing here imports the network, the shell or the
kubelet. A container's filesystem (fs.py) is plain data, the image catalogue (images.py)
says what each image holds and runs, and an app (apps.py) answers a request from the state
of its own process; a client app that calls its peers is handed the network by its caller.
"""
